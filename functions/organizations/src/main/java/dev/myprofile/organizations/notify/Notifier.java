package dev.myprofile.organizations.notify;

import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.json.Json;
import dev.myprofile.shared.log.Log;
import dev.myprofile.shared.platform.Platform;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A notification email to the user about a change to their account, through Amazon SES (v2
 * {@code SendEmail}, one SigV4-signed request on the layer's SDK core). Best effort: the change is
 * made and recorded already, so a failure is logged, never the request's answer. No
 * {@code NOTIFICATION_SENDER}: nothing is sent. {@code SES_ENDPOINT} overrides the endpoint (moto).
 */
public interface Notifier {

    /** Sends (or not); never throws. */
    void send(String to, String subject, String text);

    Notifier NONE = (to, subject, text) -> {};

    static Notifier from(Platform platform) {
        Config config = platform.config();
        Optional<String> sender = config.get("NOTIFICATION_SENDER").filter(s -> !s.isBlank());
        if (sender.isEmpty()) {
            return NONE;
        }
        var client = platform.dynamo().serviceClientConfiguration();
        String region = client.region().id();
        URI endpoint = URI.create(config.get("SES_ENDPOINT").filter(e -> !e.isBlank())
                .orElse("https://email." + region + ".amazonaws.com").replaceAll("/+$", "") + "/v2/email/outbound-emails");
        return new Ses(sender.get(), endpoint, region, client.credentialsProvider());
    }

    final class Ses implements Notifier {
        private final String sender;
        private final URI endpoint;
        private final String region;
        private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
        private final SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(3)).build();

        Ses(String sender, URI endpoint, String region, IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
            this.sender = sender;
            this.endpoint = endpoint;
            this.region = region;
            this.credentials = credentials;
        }

        @Override
        public void send(String to, String subject, String text) {
            byte[] body = Json.write(g -> {
                g.writeStartObject();
                g.writeStringField("FromEmailAddress", sender);
                g.writeObjectFieldStart("Destination");
                g.writeArrayFieldStart("ToAddresses");
                g.writeString(to);
                g.writeEndArray();
                g.writeEndObject();
                g.writeObjectFieldStart("Content");
                g.writeObjectFieldStart("Simple");
                g.writeObjectFieldStart("Subject");
                g.writeStringField("Data", subject);
                g.writeEndObject();
                g.writeObjectFieldStart("Body");
                g.writeObjectFieldStart("Text");
                g.writeStringField("Data", text);
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndObject();
            }).getBytes(StandardCharsets.UTF_8);
            try {
                SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                        .putHeader("Content-Type", "application/json").build();
                var signed = AwsV4HttpSigner.create().sign(r -> r
                        .identity(credentials.resolveIdentity().join())
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ses")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
                HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                        .request(signed.request()).contentStreamProvider(signed.payload().orElse(null)).build()).call();
                int status = response.httpResponse().statusCode();
                if (response.responseBody().isPresent()) {
                    try (InputStream in = response.responseBody().get()) {
                        in.readAllBytes();
                    }
                }
                if (status / 100 != 2) {
                    Log.warn("notification.failed", "status", status);
                } else {
                    Log.info("notification.sent");
                }
            } catch (IOException | RuntimeException e) {
                Log.warn("notification.failed", "exception", e.getClass().getName());
            }
        }
    }
}

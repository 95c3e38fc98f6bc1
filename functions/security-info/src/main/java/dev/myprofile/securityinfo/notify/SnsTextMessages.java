package dev.myprofile.securityinfo.notify;

import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.dynamodb.DynamoClients;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Text messages through Amazon SNS (Publish to a phone number), marked transactional. */
public final class SnsTextMessages implements TextMessages {
    private final SnsClient sns;

    private SnsTextMessages(SnsClient sns) {
        this.sns = sns;
    }

    public static TextMessages fromConfig(Config config) {
        var builder = SnsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5))
                        .build())
                .region(Region.of(config.require("AWS_REGION")))
                .credentialsProvider(DynamoClients.credentials(config))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(Duration.ofSeconds(5)));
        config.get("SNS_ENDPOINT").filter(e -> !e.isBlank()).map(URI::create).ifPresent(builder::endpointOverride);
        return new SnsTextMessages(builder.build());
    }

    @Override
    public void send(String phoneNumber, String message) {
        sns.publish(r -> r.phoneNumber(phoneNumber).message(message)
                .messageAttributes(Map.of("AWS.SNS.SMS.SMSType",
                        MessageAttributeValue.builder().dataType("String").stringValue("Transactional").build())));
    }
}

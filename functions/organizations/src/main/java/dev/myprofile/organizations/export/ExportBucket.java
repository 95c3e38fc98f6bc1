package dev.myprofile.organizations.export;

import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.platform.Platform;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Where an export too large to answer inline goes: an object in the export bucket (encrypted; its
 * lifecycle rule deletes exports after a day), handed out as a pre-signed GET link that lives
 * {@link #LINK_LIFETIME}. Two SigV4 requests made with the SDK core the layer already carries (a PUT,
 * and a query-string signature), so no S3 SDK goes into the jar. {@code EXPORT_BUCKET} names the
 * bucket; {@code S3_ENDPOINT} overrides the region's endpoint (moto, path-style).
 */
public final class ExportBucket {
    public static final Duration LINK_LIFETIME = Duration.ofMinutes(5);

    private final String bucket;
    private final Optional<URI> endpointOverride;
    private final String region;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final SdkHttpClient http;

    private ExportBucket(String bucket, Optional<URI> endpointOverride, String region,
                         IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
        this.bucket = bucket;
        this.endpointOverride = endpointOverride;
        this.region = region;
        this.credentials = credentials;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(20)).build();
    }

    /** The bucket the function is given, if any. */
    public static Optional<ExportBucket> from(Platform platform) {
        Config config = platform.config();
        Optional<String> bucket = config.get("EXPORT_BUCKET").filter(b -> !b.isBlank());
        if (bucket.isEmpty()) {
            return Optional.empty();
        }
        var client = platform.dynamo().serviceClientConfiguration();
        return Optional.of(new ExportBucket(bucket.get(),
                config.get("S3_ENDPOINT").filter(e -> !e.isBlank()).map(URI::create),
                client.region().id(), client.credentialsProvider()));
    }

    private URI objectUri(String key) {
        return endpointOverride
                .map(e -> URI.create(e.toString().replaceAll("/+$", "") + "/" + bucket + "/" + key))
                .orElseGet(() -> URI.create("https://" + bucket + ".s3." + region + ".amazonaws.com/" + key));
    }

    /** Stores the file under {@code key} and answers a link to it that expires after {@link #LINK_LIFETIME}. */
    public URI put(String key, Path file) throws IOException {
        String sha256 = sha256(file);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.PUT)
                .uri(objectUri(key))
                .putHeader("Content-Type", "application/json")
                .putHeader("Content-Length", Long.toString(Files.size(file)))
                .putHeader("x-amz-content-sha256", sha256)
                .putHeader("x-amz-server-side-encryption", "AES256")
                .build();
        ContentStreamProvider body = () -> {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        var signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveIdentity().join())
                .request(request)
                .payload(body)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false));
        HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                .request(signed.request()).contentStreamProvider(body).build()).call();
        int status = response.httpResponse().statusCode();
        response.responseBody().ifPresent(ExportBucket::drain);
        if (status / 100 != 2) {
            throw new IOException("S3 answered " + status + " to the export upload");
        }
        return presignedGet(key);
    }

    private URI presignedGet(String key) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(objectUri(key)).build();
        var signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveIdentity().join())
                .request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, LINK_LIFETIME));
        return signed.request().getUri();
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void drain(InputStream in) {
        try (in) {
            in.readAllBytes();
        } catch (IOException ignored) {
            // the status says what matters
        }
    }
}

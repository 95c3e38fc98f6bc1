package dev.myprofile.organizations.export;

import dev.myprofile.shared.config.AwsClients;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.platform.Platform;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where an export too large to answer inline goes: an object in the export bucket (encrypted; its
 * lifecycle rule deletes exports after a day), handed out as a pre-signed GET link that lives
 * {@link #LINK_LIFETIME}. The upload goes through the SDK's S3 client (built as every SDK client is,
 * {@link AwsClients}), the link is made by its {@link S3Presigner}, both once per container.
 * {@code EXPORT_BUCKET} names the bucket; {@code S3_ENDPOINT} overrides the region's endpoint (moto,
 * path-style).
 */
public final class ExportBucket {
    public static final Duration LINK_LIFETIME = Duration.ofMinutes(5);

    private final String bucket;
    private final S3Client s3;
    private final S3Presigner presigner;

    private ExportBucket(String bucket, S3Client s3, S3Presigner presigner) {
        this.bucket = bucket;
        this.s3 = s3;
        this.presigner = presigner;
    }

    /** The bucket the function is given, if any. */
    public static Optional<ExportBucket> from(Platform platform) {
        Config config = platform.config();
        Optional<String> bucket = config.get("EXPORT_BUCKET").filter(b -> !b.isBlank());
        if (bucket.isEmpty()) {
            return Optional.empty();
        }
        Optional<URI> endpoint = config.get("S3_ENDPOINT").filter(e -> !e.isBlank()).map(URI::create);
        // An endpoint of our own (moto) serves buckets by path, not by host name.
        S3Client s3 = AwsClients.build(S3Client.builder().forcePathStyle(endpoint.isPresent()), config, "S3_ENDPOINT",
                Duration.ofSeconds(30));
        S3Presigner.Builder presigner = S3Presigner.builder()
                .region(Region.of(config.require("AWS_REGION")))
                .credentialsProvider(AwsClients.credentials(config))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(endpoint.isPresent()).build());
        endpoint.ifPresent(presigner::endpointOverride);
        return Optional.of(new ExportBucket(bucket.get(), s3, presigner.build()));
    }

    /** Stores the file under {@code key} and answers a link to it that expires after {@link #LINK_LIFETIME}. */
    public URI put(String key, Path file) throws IOException {
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json")
                    .serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromFile(file));
            return URI.create(presigner.presignGetObject(r -> r.signatureDuration(LINK_LIFETIME)
                    .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toString());
        } catch (SdkException e) {
            throw new IOException("S3 did not store the export: " + e.getClass().getSimpleName(), e);
        }
    }
}

package dev.myprofile.shared.config;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.time.Duration;

/**
 * How a container builds an SDK client, whichever the service: the url-connection HTTP client (no
 * Apache or Netty on the classpath), the region and credentials named rather than discovered through
 * the SDK's provider chains, which cost cold-start time, the standard retry policy, and the endpoint
 * from configuration when one is given (moto, locally).
 */
public final class AwsClients {
    private AwsClients() {}

    /** {@code builder}'s client, configured from {@code config}; {@code endpointVariable} names its endpoint override. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, Config config, String endpointVariable, Duration apiCallTimeout) {
        builder.httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5))
                        .build())
                .region(Region.of(config.require("AWS_REGION")))
                .credentialsProvider(credentials(config))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(apiCallTimeout));
        config.get(endpointVariable).filter(e -> !e.isBlank()).map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * Lambda with SnapStart hands out credentials through the container endpoint; without it, and
     * locally, they are in the environment.
     */
    public static AwsCredentialsProvider credentials(Config config) {
        if (config.get("AWS_CONTAINER_CREDENTIALS_FULL_URI").isPresent()
                || config.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").isPresent()) {
            return ContainerCredentialsProvider.builder().build();
        }
        String keyId = config.require("AWS_ACCESS_KEY_ID");
        String secret = config.require("AWS_SECRET_ACCESS_KEY");
        return StaticCredentialsProvider.create(config.get("AWS_SESSION_TOKEN")
                .<AwsCredentials>map(token -> AwsSessionCredentials.create(keyId, secret, token))
                .orElseGet(() -> AwsBasicCredentials.create(keyId, secret)));
    }
}

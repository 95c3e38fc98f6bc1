package dev.myprofile.shared.dynamodb;

import dev.myprofile.shared.config.AwsClients;
import dev.myprofile.shared.config.Config;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;

/** The one DynamoDB client of a container, built as every SDK client is ({@link AwsClients}). */
public final class DynamoClients {
    private DynamoClients() {}

    public static DynamoDbClient create(Config config) {
        return AwsClients.build(DynamoDbClient.builder(), config, "DYNAMODB_ENDPOINT", Duration.ofSeconds(8));
    }
}

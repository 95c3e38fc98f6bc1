package dev.myprofile.bench;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Cold-start baseline: the least a function reading DynamoDB must do — build the client as
 * DynamoClients builds it (same HTTP client, timeouts, region, credentials and retry policy) and read
 * one item. Only the SDK's jars are on its classpath. Arguments: the item's pk and sk.
 */
public final class ColdBareGetItem {
    private ColdBareGetItem() {}

    public static void main(String[] args) {
        DynamoDbClient dynamo = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5))
                        .build())
                .region(Region.of(System.getenv("AWS_REGION")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        System.getenv("AWS_ACCESS_KEY_ID"), System.getenv("AWS_SECRET_ACCESS_KEY"))))
                .overrideConfiguration(o -> o
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofSeconds(8)))
                .endpointOverride(URI.create(System.getenv("DYNAMODB_ENDPOINT")))
                .build();
        var item = dynamo.getItem(r -> r.tableName(System.getenv("TABLE_NAME"))
                .key(Map.of("pk", AttributeValue.fromS(args[0]), "sk", AttributeValue.fromS(args[1])))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            System.out.println("FAIL no item");
            System.exit(1);
        }
        System.out.println("DONE");
        System.out.flush();
        System.exit(0);
    }
}

package dev.myprofile.shared.dynamodb;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A rehearsal of the DynamoDB operations the stores use (BatchGetItem, Query, PutItem, UpdateItem,
 * DeleteItem, TransactWriteItems, BatchWriteItem) on a client of its own whose HTTP layer answers in
 * memory: each request is built, marshalled and signed, and a typical answer parsed, and nothing
 * leaves the process. SnapStart's priming runs it so the first request after a restore finds the
 * SDK's model and marshalling classes of its operation loaded, whatever the operation: only GetItem
 * may be sent for real by every function (its IAM policy), and priming must change nothing.
 */
public final class DynamoRehearsal {
    private static final String ITEM = "{\"pk\":{\"S\":\"USER#rehearsal\"},\"sk\":{\"S\":\"REHEARSAL\"},"
            + "\"version\":{\"N\":\"1\"},\"name\":{\"S\":\"Rehearsal\"},\"flag\":{\"BOOL\":true},"
            + "\"list\":{\"L\":[{\"S\":\"a\"}]},\"map\":{\"M\":{\"a\":{\"NULL\":true}}},\"set\":{\"SS\":[\"a\"]}}";

    private DynamoRehearsal() {}

    /** Every operation once; throws if one fails (the caller logs it). Returns how many ran. */
    public static int run(String table) {
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                .httpClient(new InMemory(table))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("rehearsal", "rehearsal")))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(Duration.ofSeconds(8)))
                .endpointOverride(URI.create("https://dynamodb.rehearsal.invalid"))
                .build()) {
            Map<String, AttributeValue> key = Map.of(Keys.PK, AttributeValue.fromS("USER#rehearsal"), Keys.SK, AttributeValue.fromS("REHEARSAL"));
            Map<String, AttributeValue> values = Map.of(":v", AttributeValue.fromN("1"), ":s", AttributeValue.fromS("a"));
            dynamo.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder().keys(key).consistentRead(true).build())))
                    .responses().get(table).get(0).get(Keys.PK).s();
            dynamo.query(r -> r.tableName(table).indexName("Rehearsal").keyConditionExpression("pk = :s AND begins_with(sk, :s)")
                    .expressionAttributeValues(values).limit(10).scanIndexForward(false).exclusiveStartKey(key))
                    .items().get(0).get(Keys.SK).s();
            dynamo.putItem(r -> r.tableName(table).item(key).conditionExpression("attribute_not_exists(pk)"));
            dynamo.updateItem(r -> r.tableName(table).key(key).updateExpression("SET version = :v ADD #s :v")
                    .expressionAttributeNames(Map.of("#s", "count")).expressionAttributeValues(values)
                    .conditionExpression("version < :v").returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes().size();
            dynamo.deleteItem(r -> r.tableName(table).key(key).conditionExpression("attribute_exists(pk)"));
            dynamo.transactWriteItems(r -> r.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(key).conditionExpression("attribute_not_exists(pk)")).build(),
                    TransactWriteItem.builder().update(u -> u.tableName(table).key(key).updateExpression("SET version = :v")
                            .expressionAttributeValues(values)).build(),
                    TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key).conditionExpression("attribute_exists(pk)")
                            .expressionAttributeValues(values)).build(),
                    TransactWriteItem.builder().delete(d -> d.tableName(table).key(key)).build()));
            dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, List.of(WriteRequest.builder().deleteRequest(d -> d.key(key)).build()))));
            return 7;
        }
    }

    /** Answers each operation with a typical success, by its X-Amz-Target; nothing is kept. */
    private static final class InMemory implements SdkHttpClient {
        private final String table;

        InMemory(String table) {
            this.table = table;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
            String operation = target.substring(target.indexOf('.') + 1);
            // With the consumed capacity some endpoints report unasked (a number the parser reads as a double).
            String capacity = "{\"TableName\":\"" + table + "\",\"CapacityUnits\":0.5}";
            String body = switch (operation) {
                case "BatchGetItem" -> "{\"Responses\":{\"" + table + "\":[" + ITEM + "]},\"UnprocessedKeys\":{},"
                        + "\"ConsumedCapacity\":[" + capacity + "]}";
                case "Query" -> "{\"Items\":[" + ITEM + "],\"Count\":1,\"ScannedCount\":1,\"LastEvaluatedKey\":"
                        + "{\"pk\":{\"S\":\"USER#rehearsal\"},\"sk\":{\"S\":\"REHEARSAL\"}},\"ConsumedCapacity\":" + capacity + "}";
                case "PutItem", "UpdateItem", "DeleteItem" -> "{\"Attributes\":" + ITEM + "}";
                case "BatchWriteItem" -> "{\"UnprocessedItems\":{}}";
                default -> "{}";
            };
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(200)
                                    .putHeader("Content-Type", "application/x-amz-json-1.0")
                                    .putHeader("Content-Length", Integer.toString(bytes.length))
                                    .putHeader("x-amzn-RequestId", "rehearsal")
                                    .build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                            .build();
                }

                @Override
                public void abort() {
                }
            };
        }

        @Override
        public void close() {
        }
    }
}

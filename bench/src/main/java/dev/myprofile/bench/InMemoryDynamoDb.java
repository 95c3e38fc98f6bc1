package dev.myprofile.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The DynamoDB wire answered in memory, below the SDK: requests are marshalled, signed and their
 * answers parsed as usual; only the socket is missing. PutItem keeps the item as the store wrote it;
 * BatchGetItem answers with every item kept, from bytes prepared at the last put — the benchmark
 * keeps exactly the two items {@code GET /me} asks for, so no time goes into a fake lookup. GetItem
 * finds nothing: the one the pipeline makes reads the user's sign-out time, which the benchmark's user
 * never set (and a warm container asks once a minute at most).
 */
final class InMemoryDynamoDb implements SdkHttpClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String table;
    private final List<JsonNode> items = new ArrayList<>();
    private volatile byte[] batchGetAnswer;
    private long batchGets;

    InMemoryDynamoDb(String table) {
        this.table = table;
        this.batchGetAnswer = batchGetAnswer();
    }

    /** A client configured as DynamoClients configures the deployed one, but for the HTTP client. */
    DynamoDbClient client() {
        return DynamoDbClient.builder()
                .httpClient(this)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .overrideConfiguration(o -> o
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofSeconds(8)))
                .endpointOverride(URI.create("http://dynamodb.in-memory"))
                .build();
    }

    /** How many BatchGetItem requests arrived: one per {@code GET /me} in the steady state. */
    synchronized long batchGets() {
        return batchGets;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return answer(request);
            }

            @Override
            public void abort() {
            }
        };
    }

    private HttpExecuteResponse answer(HttpExecuteRequest request) {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        String operation = target.substring(target.indexOf('.') + 1);
        switch (operation) {
            case "BatchGetItem":
                synchronized (this) {
                    batchGets++;
                }
                return respond(200, batchGetAnswer);
            case "GetItem":
                return respond(200, "{}".getBytes(StandardCharsets.UTF_8));
            case "PutItem":
                put(body(request));
                return respond(200, "{}".getBytes(StandardCharsets.UTF_8));
            case "TransactWriteItems":
                // GET /me's first request creates the profile in one transaction with a check of the
                // sign-out time: its Put items are kept, its condition checks pass.
                for (JsonNode action : body(request).path("TransactItems")) {
                    if (action.has("Put")) {
                        put(action.get("Put"));
                    }
                }
                return respond(200, "{}".getBytes(StandardCharsets.UTF_8));
            default:
                return respond(400, ("{\"__type\":\"com.amazon.coral.service#UnknownOperationException\","
                        + "\"message\":\"InMemoryDynamoDb does not answer " + operation + "\"}").getBytes(StandardCharsets.UTF_8));
        }
    }

    private synchronized void put(JsonNode request) {
        if (!table.equals(request.path("TableName").asText())) {
            throw new IllegalArgumentException("InMemoryDynamoDb holds only table " + table);
        }
        items.add(request.get("Item"));
        batchGetAnswer = batchGetAnswer();
    }

    private byte[] batchGetAnswer() {
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("Responses").putArray(table).addAll(items);
        answer.putObject("UnprocessedKeys");
        try {
            return JSON.writeValueAsBytes(answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode body(HttpExecuteRequest request) {
        try (InputStream in = request.contentStreamProvider().orElseThrow().newStream()) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpExecuteResponse respond(int status, byte[] body) {
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder()
                        .statusCode(status)
                        .putHeader("Content-Type", "application/x-amz-json-1.0")
                        .putHeader("Content-Length", Integer.toString(body.length))
                        .putHeader("x-amzn-RequestId", "in-memory")
                        .build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                .build();
    }

    @Override
    public String clientName() {
        return "InMemory";
    }

    @Override
    public void close() {
    }
}

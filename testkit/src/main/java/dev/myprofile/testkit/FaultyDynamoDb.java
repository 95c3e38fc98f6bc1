package dev.myprofile.testkit;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store decorator at the DynamoDB client: every call goes to the real client (moto), except the
 * faults a test scripts — a transaction cancelled for a reason of the test's choosing (the reasons
 * DynamoDB names: TransactionConflict, ThrottlingError, ValidationError, ...), or something another
 * writer does just before and after a transaction. Faults no moto can produce on demand, on the real
 * wire otherwise.
 */
public final class FaultyDynamoDb implements DynamoDbClient {
    private final DynamoDbClient real;
    private volatile String cancellationReason;
    private final AtomicInteger cancellationsLeft = new AtomicInteger();
    private final AtomicInteger transactions = new AtomicInteger();
    private final List<Runnable[]> aroundTransactions = new ArrayList<>();

    private FaultyDynamoDb(DynamoDbClient real) {
        this.real = real;
    }

    public static FaultyDynamoDb over(DynamoDbClient real) {
        return new FaultyDynamoDb(real);
    }

    /** The next {@code times} transactions are cancelled, their first action for {@code reason}, the rest "None". */
    public FaultyDynamoDb cancelTransactions(String reason, int times) {
        cancellationReason = reason;
        cancellationsLeft.set(times);
        return this;
    }

    /** Around the next transaction, another writer's changes: {@code before} it is sent, {@code after} it is answered. */
    public synchronized FaultyDynamoDb aroundNextTransaction(Runnable before, Runnable after) {
        aroundTransactions.add(new Runnable[] {before, after});
        return this;
    }

    /** How many transactions were sent (or cancelled here), retries included. */
    public int transactions() {
        return transactions.get();
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        transactions.incrementAndGet();
        if (cancellationsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            List<CancellationReason> reasons = new ArrayList<>();
            for (int i = 0; i < request.transactItems().size(); i++) {
                reasons.add(CancellationReason.builder().code(i == 0 ? cancellationReason : "None").build());
            }
            throw (TransactionCanceledException) TransactionCanceledException.builder()
                    .message("Transaction cancelled, please refer cancellation reasons for specific reasons "
                            + reasons.stream().map(CancellationReason::code).toList())
                    .cancellationReasons(reasons)
                    .statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException").serviceName("DynamoDb").build())
                    .build();
        }
        Runnable[] around;
        synchronized (this) {
            around = aroundTransactions.isEmpty() ? null : aroundTransactions.remove(0);
        }
        if (around == null) {
            return real.transactWriteItems(request);
        }
        around[0].run();
        try {
            return real.transactWriteItems(request);
        } finally {
            around[1].run();
        }
    }

    @Override public GetItemResponse getItem(GetItemRequest request) { return real.getItem(request); }
    @Override public PutItemResponse putItem(PutItemRequest request) { return real.putItem(request); }
    @Override public UpdateItemResponse updateItem(UpdateItemRequest request) { return real.updateItem(request); }
    @Override public DeleteItemResponse deleteItem(DeleteItemRequest request) { return real.deleteItem(request); }
    @Override public QueryResponse query(QueryRequest request) { return real.query(request); }
    @Override public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) { return real.batchGetItem(request); }
    @Override public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) { return real.batchWriteItem(request); }
    @Override public String serviceName() { return real.serviceName(); }
    @Override public void close() {}
}

package dev.myprofile.sessions.closing;

import dev.myprofile.sessions.signin.SignInService;
import dev.myprofile.shared.auth.SignOuts;
import dev.myprofile.shared.dynamodb.ItemKind;
import dev.myprofile.shared.dynamodb.ItemKinds;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.Keys;
import dev.myprofile.shared.dynamodb.Transactions;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.log.Log;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Closing an account, in an order that never leaves a person who can sign in with no data and never
 * loses a deletion half-way (each step may be repeated):
 * <ol>
 *   <li>{@link #begin}: a pending entry outside the user's partition ({@code pk = CLOSING}, with the
 *       sign-in service's user name) — the durable intent the resume schedule finishes from;</li>
 *   <li>the not-before time: every token issued so far is refused, so nothing can recreate data;</li>
 *   <li>the user deleted at the sign-in service (Cognito {@code AdminDeleteUser}): no new sign-in;</li>
 *   <li>every item of the partition deleted, a page at a time in batch writes of at most 25 with
 *       unprocessed items retried — except the sign-out time, which is given a time to live of
 *       {@link #SIGN_OUT_KEPT} (longer than any access token lives) and then goes too;</li>
 *   <li>the pending entry removed.</li>
 * </ol>
 * {@link #resume} runs steps 2-5 for an entry; an interrupted closing is finished by the next run.
 */
public class AccountClosing {
    public static final String PENDING = ItemKinds.CLOSING_PARTITION;
    public static final Duration SIGN_OUT_KEPT = Duration.ofDays(1);
    private static final int BATCH = 25;
    private static final int PAGE = 100;
    private static final int ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String table;
    private final SignOuts signOuts;
    private final SignInService signIn;

    public AccountClosing(DynamoDbClient dynamo, String table, SignOuts signOuts, SignInService signIn) {
        this.dynamo = dynamo;
        this.table = table;
        this.signOuts = signOuts;
        this.signIn = signIn;
    }

    public record Pending(UserKey user, Optional<String> username, Instant startedAt) {}

    /** Step 1: records the intent. */
    public void begin(UserKey user, Optional<String> username, Instant now) {
        var item = new java.util.HashMap<>(Items.key(PENDING, user.partition()));
        item.put("entity", Items.s(ItemKinds.CLOSING_ACCOUNT.entity()));
        item.put("startedAt", Items.s(now.toString()));
        Items.put(item, "username", username);
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    /**
     * Steps 2-5. Returns false when {@code timeLeft} ran out first (the next run carries on).
     *
     * @throws SignInService.Unavailable when the sign-in service did not confirm the deletion
     */
    public boolean resume(Pending pending, Instant now, BooleanSupplier timeLeft) {
        signOuts.signOutEverywhere(pending.user(), now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
        pending.username().ifPresent(signIn::deleteUser);
        if (!deletePartition(pending.user(), now, timeLeft)) {
            return false;
        }
        dynamo.deleteItem(r -> r.tableName(table).key(Items.key(PENDING, pending.user().partition())));
        Log.info("account.closed");
        return true;
    }

    /** The closings not finished yet, oldest first. */
    public List<Pending> pending(int limit) {
        return dynamo.query(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", Items.s(PENDING)))
                        .limit(limit))
                .items().stream()
                .map(item -> new Pending(new UserKey(Items.string(item, Keys.SK).orElseThrow()),
                        Items.string(item, "username"), Items.instant(item, "startedAt").orElse(Instant.EPOCH)))
                .toList();
    }

    /** Step 4. */
    boolean deletePartition(UserKey user, Instant now, BooleanSupplier timeLeft) {
        while (timeLeft.getAsBoolean()) {
            QueryResponse page = dynamo.query(r -> r.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", Items.s(user.partition())))
                    .projectionExpression("pk, sk")
                    .limit(PAGE));
            List<Map<String, AttributeValue>> keys = page.items().stream().filter(key -> !expiresLast(key)).toList();
            if (keys.isEmpty()) {
                // Only the kinds closing lets expire are left (the sign-out time): they outlive every token,
                // then their time to live removes them.
                for (Map<String, AttributeValue> key : page.items()) {
                    dynamo.updateItem(r -> r.tableName(table).key(key)
                            .updateExpression("SET expiresAt = :expires")
                            .conditionExpression("attribute_exists(pk)")
                            .expressionAttributeValues(Map.of(":expires", Items.n(now.plus(SIGN_OUT_KEPT).getEpochSecond()))));
                }
                return true;
            }
            for (int from = 0; from < keys.size(); from += BATCH) {
                deleteBatch(keys.subList(from, Math.min(keys.size(), from + BATCH)));
            }
        }
        return false;
    }

    /** Whether closing keeps an item to the last and lets it expire ({@link ItemKind.Closing#EXPIRE}); an item of no kind is deleted. */
    static boolean expiresLast(Map<String, AttributeValue> key) {
        return ItemKinds.of(key.get(Keys.SK).s()).map(kind -> kind.closing() == ItemKind.Closing.EXPIRE).orElse(false);
    }

    /** One batch write of at most 25 deletions; what DynamoDB leaves unprocessed is sent again. */
    protected void deleteBatch(List<Map<String, AttributeValue>> keys) {
        List<WriteRequest> pending = new ArrayList<>(keys.stream()
                .map(key -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build())
                .toList());
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            List<WriteRequest> batch = pending;
            var response = dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, batch)));
            pending = new ArrayList<>(response.unprocessedItems().getOrDefault(table, List.of()));
            if (!pending.isEmpty()) {
                Transactions.backOff(attempt, ATTEMPTS, SdkClientException.create("BatchWriteItem left deletions unprocessed"));
            }
        }
    }
}

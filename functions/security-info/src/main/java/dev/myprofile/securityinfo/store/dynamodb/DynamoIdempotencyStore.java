package dev.myprofile.securityinfo.store.dynamodb;

import dev.myprofile.securityinfo.store.IdempotencyStore;
import dev.myprofile.shared.dynamodb.ItemKinds;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.platform.Platform;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.myprofile.shared.dynamodb.Items.n;
import static dev.myprofile.shared.dynamodb.Items.s;

/**
 * {@code IDEMPOTENCY#<route>#<key>} in the user's partition: while the work runs, a claim that lapses
 * when the work fails, or after {@link #CLAIM} (well past a function's timeout, so a request that died
 * does not hold the key for a day); then the first answer (status, body, Location) for
 * {@link #LIFETIME}; both with the digest of the request they belong to ({@code requestDigest}). TTL deletes lazily, so expiry is also checked here. Only PutItem is used.
 */
public final class DynamoIdempotencyStore implements IdempotencyStore {
    public static final Duration LIFETIME = Duration.ofHours(24);
    static final Duration CLAIM = Duration.ofMinutes(2);
    private static final String FINGERPRINT = "requestDigest";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoIdempotencyStore(Platform platform) {
        this.dynamo = platform.dynamo();
        this.table = platform.table();
    }

    private static Map<String, AttributeValue> key(UserKey user, String scope, String key) {
        return Items.key(user, ItemKinds.REPEATED_REQUESTS.sortKey(scope + "#" + key));
    }

    @Override
    public Claim claim(UserKey user, String scope, String key, Optional<String> fingerprint, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key(user, scope, key));
        item.put("entity", s(ItemKinds.REPEATED_REQUESTS.entity()));
        item.put("expiresAt", n(now.plus(CLAIM).getEpochSecond()));
        Items.put(item, FINGERPRINT, fingerprint);
        try {
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR expiresAt <= :now")
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new Claim.Claimed();
        } catch (ConditionalCheckFailedException used) {
            Map<String, AttributeValue> stored = used.item();
            if (Items.absent(stored) || Items.string(stored, "answer").isEmpty()) {
                return new Claim.InProgress(Items.string(stored, FINGERPRINT));
            }
            return new Claim.Answered(new Answer(Items.number(stored, "status").orElse(200L).intValue(),
                    Items.string(stored, "answer").orElse(""), Items.string(stored, "location")),
                    Items.string(stored, FINGERPRINT));
        }
    }

    @Override
    public void complete(UserKey user, String scope, String key, Optional<String> fingerprint, Answer answer, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key(user, scope, key));
        item.put("entity", s(ItemKinds.REPEATED_REQUESTS.entity()));
        Items.put(item, FINGERPRINT, fingerprint);
        item.put("status", n(answer.status()));
        item.put("answer", s(answer.body()));
        Items.put(item, "location", answer.location());
        item.put("expiresAt", n(now.plus(LIFETIME).getEpochSecond()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public void release(UserKey user, String scope, String key, Instant now) {
        // A lapsed claim rather than a delete: the next claim takes it, and these functions need no more
        // than PutItem on the table for all of this (the stored answer comes back with the refused claim).
        Map<String, AttributeValue> lapsed = new HashMap<>(key(user, scope, key));
        lapsed.put("entity", s(ItemKinds.REPEATED_REQUESTS.entity()));
        lapsed.put("expiresAt", n(now.getEpochSecond()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(lapsed)
                    .conditionExpression("attribute_not_exists(answer)"));
        } catch (ConditionalCheckFailedException answered) {
            // Answered after all: the answer stays.
        }
    }
}

package dev.myprofile.securityinfo.store.dynamodb;

import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.store.ChallengeStore;
import dev.myprofile.shared.dynamodb.ItemKinds;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.Transactions;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.platform.Platform;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.myprofile.shared.dynamodb.Items.n;
import static dev.myprofile.shared.dynamodb.Items.s;

/**
 * The challenge items: {@code CHALLENGE#<kind>} in the user's partition (expiring with the code:
 * TTL deletes lazily, so expiry is also checked on read); the per-user send counter of the current
 * hour ({@code SENDS#<hour>}); one item per destination ({@code DESTINATION#<keyed hash>}, no number in
 * the clear) with its last send. One send is one transaction of these, so a refused send leaves nothing behind.
 */
public final class DynamoChallengeStore implements ChallengeStore {
    public static final Duration PER_DESTINATION = Duration.ofSeconds(60);
    public static final int PER_USER_PER_HOUR = 5;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoChallengeStore(Platform platform) {
        this.dynamo = platform.dynamo();
        this.table = platform.table();
    }

    private static String challengeKey(MethodType kind) {
        return ItemKinds.PENDING_CODES.sortKey(kind.id());
    }

    @Override
    public SendResult startSend(UserKey user, Challenge challenge, String destinationKey, Instant now) {
        long hour = now.getEpochSecond() / 3600;
        Map<String, AttributeValue> item = new HashMap<>(Items.key(user, challengeKey(challenge.kind())));
        item.put("entity", s(ItemKinds.PENDING_CODES.entity()));
        item.put("destination", s(challenge.destination()));
        item.put("codeHash", s(challenge.codeHash()));
        item.put("attempts", n(0));
        item.put("expiresAt", n(challenge.expiresAt().getEpochSecond()));

        Map<String, AttributeValue> destination = new HashMap<>(Items.key(ItemKinds.DESTINATION_PARTITION + destinationKey, ItemKinds.DESTINATION_SEND.sortKey()));
        destination.put("lastSentAt", n(now.getEpochSecond()));
        destination.put("expiresAt", n(now.plus(Duration.ofHours(1)).getEpochSecond()));

        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build());
        actions.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(destination)
                .conditionExpression("attribute_not_exists(pk) OR lastSentAt <= :cutoff")
                .expressionAttributeValues(Map.of(":cutoff", n(now.minus(PER_DESTINATION).getEpochSecond())))).build());
        actions.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(Items.key(user, ItemKinds.CODES_SENT.sortKey(Long.toString(hour))))
                .updateExpression("ADD sendCount :one SET expiresAt = :expires")
                .conditionExpression("attribute_not_exists(sendCount) OR sendCount < :max")
                .expressionAttributeValues(Map.of(":one", n(1), ":max", n(PER_USER_PER_HOUR),
                        ":expires", n((hour + 2) * 3600)))).build());
        try {
            dynamo.transactWriteItems(r -> r.transactItems(actions));
            return new SendResult.Allowed();
        } catch (TransactionCanceledException e) {
            if (Transactions.conditionFailed(e, 1)) {
                var last = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                        .key(Items.key(ItemKinds.DESTINATION_PARTITION + destinationKey, ItemKinds.DESTINATION_SEND.sortKey()))).item();
                long lastSent = Items.number(last, "lastSentAt").orElse(now.getEpochSecond());
                return new SendResult.Limited(Math.max(1, lastSent + PER_DESTINATION.toSeconds() - now.getEpochSecond()),
                        "A code was sent to this " + (challenge.kind() == MethodType.EMAIL ? "address" : "number")
                                + " less than a minute ago. Wait before asking for another.");
            }
            if (Transactions.conditionFailed(e, 2)) {
                return new SendResult.Limited(Math.max(1, (hour + 1) * 3600 - now.getEpochSecond()),
                        "You have asked for " + PER_USER_PER_HOUR + " codes this hour. Wait before asking for another.");
            }
            throw e;
        }
    }

    @Override
    public Optional<Challenge> read(UserKey user, MethodType kind) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Items.key(user, challengeKey(kind)))).item();
        return Items.absent(item) ? Optional.empty() : Optional.of(challenge(kind, item));
    }

    private static Challenge challenge(MethodType kind, Map<String, AttributeValue> item) {
        return new Challenge(kind, Items.string(item, "destination").orElse(""),
                Items.string(item, "codeHash").orElse(""),
                Instant.ofEpochSecond(Items.number(item, "expiresAt").orElse(0L)),
                Items.number(item, "attempts").orElse(0L).intValue());
    }

    @Override
    public Attempt attempt(UserKey user, MethodType kind, int maxAttempts, Instant now) {
        try {
            var counted = dynamo.updateItem(r -> r.tableName(table).key(Items.key(user, challengeKey(kind)))
                    .updateExpression("ADD attempts :one")
                    .conditionExpression("attribute_exists(pk) AND expiresAt > :now AND attempts < :max")
                    .expressionAttributeValues(Map.of(":one", n(1), ":max", n(maxAttempts), ":now", n(now.getEpochSecond())))
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
            return new Attempt.Counted(challenge(kind, counted));
        } catch (ConditionalCheckFailedException refused) {
            Map<String, AttributeValue> old = refused.item();
            // TTL deletes lazily: an expired challenge is as good as gone.
            if (Items.absent(old) || Items.number(old, "expiresAt").orElse(0L) <= now.getEpochSecond()) {
                return new Attempt.Missing();
            }
            return new Attempt.Exhausted();
        }
    }

    @Override
    public boolean consume(UserKey user, MethodType kind, String codeHash) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(Items.key(user, challengeKey(kind)))
                    .conditionExpression("codeHash = :hash")
                    .expressionAttributeValues(Map.of(":hash", s(codeHash))));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }
}

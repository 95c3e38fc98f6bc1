package dev.myprofile.shared.store.dynamodb;

import dev.myprofile.shared.domain.ActivityEntry;
import dev.myprofile.shared.domain.ActivityLog;
import dev.myprofile.shared.domain.InvalidContinuation;
import dev.myprofile.shared.store.DeviceItems;
import dev.myprofile.shared.store.Items;
import dev.myprofile.shared.store.Keys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.myprofile.shared.store.Items.s;

/**
 * Activity entries live in the user's partition under {@code ACTIVITY#<time>#...}, so newest first is
 * a reverse query. DynamoDB's time-to-live deletes lazily (up to two days late), so expired entries
 * are filtered out on read.
 */
public final class DynamoActivityLog implements ActivityLog {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoActivityLog(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Page list(String userKey, int limit, Optional<String> after, Instant now) {
        Map<String, AttributeValue> start = after.map(token -> Map.of(Keys.PK, s(userKey), Keys.SK, s(sortKey(token)))).orElse(null);
        QueryResponse response = dynamo.query(r -> r.tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :activity)")
                .filterExpression("attribute_not_exists(expiresAt) OR expiresAt > :now")
                .expressionAttributeValues(Map.of(":pk", s(userKey), ":activity", s(DeviceItems.ACTIVITY_PREFIX),
                        ":now", Items.n(now.getEpochSecond())))
                .scanIndexForward(false)
                .limit(limit)
                .exclusiveStartKey(start));
        List<ActivityEntry> entries = response.items().stream().map(DynamoActivityLog::entry).toList();
        Optional<String> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(
                        response.lastEvaluatedKey().get(Keys.SK).s().getBytes(StandardCharsets.UTF_8)))
                : Optional.empty();
        return new Page(entries, next);
    }

    /** The token names a place in the caller's own history; the partition always comes from the caller. */
    private static String sortKey(String token) {
        try {
            String sk = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!sk.startsWith(DeviceItems.ACTIVITY_PREFIX) || sk.length() > 1024) {
                throw new InvalidContinuation();
            }
            return sk;
        } catch (IllegalArgumentException e) {
            throw new InvalidContinuation();
        }
    }

    private static ActivityEntry entry(Map<String, AttributeValue> item) {
        return new ActivityEntry(
                Items.instant(item, "at").orElse(Instant.EPOCH),
                Items.string(item, "operation").orElse(""),
                Items.string(item, "deviceId"),
                Items.string(item, "deviceName"),
                Items.string(item, "actor").orElse(""),
                Items.string(item, "sourceIp"),
                Items.string(item, "userAgent"));
    }
}

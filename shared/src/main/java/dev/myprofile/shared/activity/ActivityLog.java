package dev.myprofile.shared.activity;

import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.dynamodb.InvalidContinuation;
import dev.myprofile.shared.dynamodb.ItemKinds;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.Keys;
import dev.myprofile.shared.dynamodb.PageTokens;
import dev.myprofile.shared.dynamodb.UserKey;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.myprofile.shared.dynamodb.Items.s;

/**
 * A user's security history, the one owner of its items: every feature writes its entries through
 * {@link #write} (inside the transaction that makes the change it records), and the Activity page
 * reads them through {@link #list}. Entries live in the user's partition under
 * {@code ACTIVITY#<time>#<operation>#<subject id>}, so newest first is a reverse query and writing
 * the same event twice leaves one entry. DynamoDB's time to live deletes lazily (up to two days
 * late), so expired entries are filtered out on read.
 */
public final class ActivityLog {
    public static final Duration RETENTION = Duration.ofDays(365);
    static final String PREFIX = ItemKinds.ACTIVITY.sortKey();

    private final DynamoDbClient dynamo;
    private final String table;

    public ActivityLog(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public record Page(List<ActivityEntry> entries, Optional<String> next) {}

    /** The action that records {@code entry}, for the transaction of the change it describes. */
    public TransactWriteItem write(UserKey user, ActivityEntry entry) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item(user, entry))).build();
    }

    /** @throws InvalidContinuation when {@code after} is not a token of this log */
    public Page list(UserKey user, int limit, Optional<String> after, Instant now) {
        Map<String, AttributeValue> start = after.map(token -> Map.of(Keys.PK, s(user.partition()), Keys.SK, s(sortKey(token))))
                .orElse(null);
        QueryResponse response = dynamo.query(r -> r.tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :activity)")
                .filterExpression("attribute_not_exists(expiresAt) OR expiresAt > :now")
                .expressionAttributeValues(Map.of(":pk", s(user.partition()), ":activity", s(PREFIX),
                        ":now", Items.n(now.getEpochSecond())))
                .scanIndexForward(false)
                .limit(limit)
                .exclusiveStartKey(start));
        List<ActivityEntry> entries = response.items().stream().map(ActivityLog::entry).toList();
        Optional<String> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? Optional.of(PageTokens.encode(response.lastEvaluatedKey().get(Keys.SK).s()))
                : Optional.empty();
        return new Page(entries, next);
    }

    /** The token names a place in the caller's own history; the partition always comes from the caller. */
    private static String sortKey(String token) {
        String sk = PageTokens.decode(token);
        if (!sk.startsWith(PREFIX)) {
            throw new InvalidContinuation();
        }
        return sk;
    }

    static Map<String, AttributeValue> item(UserKey user, ActivityEntry entry) {
        String id = entry.at() + "#" + entry.operation() + entry.subject().id().map(d -> "#" + d).orElse("");
        Map<String, AttributeValue> item = new HashMap<>(Items.key(user, PREFIX + id));
        item.put("entity", s(ItemKinds.ACTIVITY.entity()));
        item.put("at", s(entry.at().toString()));
        item.put("operation", s(entry.operation()));
        item.put("subjectType", s(entry.subject().type()));
        Items.put(item, "subjectId", entry.subject().id());
        Items.put(item, "subjectName", entry.subject().name());
        item.put("actor", s(entry.origin().actor()));
        Items.put(item, "sourceIp", entry.origin().sourceIp());
        Items.put(item, "userAgent", entry.origin().userAgent());
        item.put("expiresAt", Items.n(entry.at().plus(RETENTION).getEpochSecond()));
        return item;
    }

    /** Entries written before subjects had a type were all about devices ({@code deviceId}, {@code deviceName}). */
    private static ActivityEntry entry(Map<String, AttributeValue> item) {
        Subject subject = new Subject(
                Items.string(item, "subjectType").orElse(Subject.DEVICE),
                Items.string(item, "subjectId").or(() -> Items.string(item, "deviceId")),
                Items.string(item, "subjectName").or(() -> Items.string(item, "deviceName")));
        return new ActivityEntry(
                Items.instant(item, "at").orElse(Instant.EPOCH),
                Items.string(item, "operation").orElse(""),
                subject,
                new Origin(Items.string(item, "actor").orElse(""), Items.string(item, "sourceIp"), Items.string(item, "userAgent")));
    }
}

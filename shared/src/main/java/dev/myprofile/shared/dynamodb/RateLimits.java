package dev.myprofile.shared.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static dev.myprofile.shared.dynamodb.Items.n;
import static dev.myprofile.shared.dynamodb.Items.s;

/**
 * Per-user request limits, counted in DynamoDB so that every container of every function sees the
 * same count: a fixed window per limit, one small item in the user's partition
 * ({@code RATE#<name>#<window start>}) counted by one conditional update, and deleted by the table's
 * time to live once its window has passed (the window is in the key, so an item TTL has not yet
 * deleted never counts again).
 */
public final class RateLimits {
    static final String PREFIX = ItemKinds.CHANGE_COUNTS.sortKey();

    private final DynamoDbClient dynamo;
    private final String table;

    public RateLimits(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** At most {@code requests} per {@code window} per user, counted under {@code name}. */
    public record Limit(String name, int requests, Duration window) {
        public Limit {
            if (requests < 1) {
                throw new IllegalArgumentException(name + ": a limit allows at least one request per window");
            }
            if (window.toSeconds() < 1) {
                throw new IllegalArgumentException(name + ": a window is at least a second");
            }
        }
    }

    /**
     * Counts one request of {@code user} against {@code limit}. Empty when it is allowed; otherwise
     * how long until the window opens again (a whole number of seconds, at least one), and nothing
     * was counted.
     */
    public Optional<Duration> acquire(UserKey user, Limit limit, Instant now) {
        long windowSeconds = limit.window().toSeconds();
        long start = now.getEpochSecond() / windowSeconds * windowSeconds;
        long end = start + windowSeconds;
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(Items.key(user, PREFIX + Keys.escape(limit.name()) + "#" + start))
                    .updateExpression("SET entity = :entity, expiresAt = :expires ADD hits :one")
                    .conditionExpression("attribute_not_exists(hits) OR hits < :limit")
                    .expressionAttributeValues(Map.of(
                            ":entity", s(ItemKinds.CHANGE_COUNTS.entity()),
                            ":expires", n(end + windowSeconds),
                            ":one", n(1),
                            ":limit", n(limit.requests()))));
            return Optional.empty();
        } catch (ConditionalCheckFailedException reached) {
            return Optional.of(Duration.ofSeconds(Math.max(1, end - now.getEpochSecond())));
        }
    }
}

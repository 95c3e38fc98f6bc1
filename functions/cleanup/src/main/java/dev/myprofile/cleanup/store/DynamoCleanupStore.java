package dev.myprofile.cleanup.store;

import dev.myprofile.cleanup.CleanupStore;
import dev.myprofile.shared.domain.ActivityEntry;
import dev.myprofile.shared.domain.Device;
import dev.myprofile.shared.store.DeviceItems;
import dev.myprofile.shared.store.Items;
import dev.myprofile.shared.store.Keys;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static dev.myprofile.shared.store.Items.n;
import static dev.myprofile.shared.store.Items.s;

/**
 * The cleanup on DynamoDB. Writes go in transactions of at most 25 devices (each change with its
 * activity entry: 50 actions, under the limit of 100), because a batch write cannot carry the
 * conditions that keep an active device safe. A transaction cancelled because some devices no longer
 * qualify is retried without them (they are skipped); one cancelled for conflicts or throttling is
 * retried as it was, with backoff.
 */
public final class DynamoCleanupStore implements CleanupStore {
    public static final int BATCH = 25;
    private static final int ATTEMPTS = 6;
    private static final String CHECKPOINT_PK = "CLEANUP";
    private static final String CHECKPOINT_SK = "CHECKPOINT";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoCleanupStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public CandidatePage candidates(Phase phase, int shard, Instant cutoff, Optional<Map<String, String>> start, int limit) {
        String partition = phase == Phase.DISABLE ? DeviceItems.enabledShard(shard) : DeviceItems.disabledShard(shard);
        QueryResponse response = dynamo.query(r -> r.tableName(table)
                .indexName(DeviceItems.CLEANUP_INDEX)
                .keyConditionExpression("cleanupShard = :shard AND cleanupAt < :cutoff")
                .expressionAttributeValues(Map.of(":shard", s(partition), ":cutoff", s(cutoff.toString())))
                .exclusiveStartKey(start.map(DynamoCleanupStore::attributes).orElse(null))
                .limit(limit));
        List<Candidate> candidates = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            String sk = item.get(Keys.SK).s();
            candidates.add(new Candidate(item.get(Keys.PK).s(), sk.substring(DeviceItems.PREFIX.length()),
                    Items.string(item, "displayName").orElse(""), shard));
        }
        Optional<Map<String, String>> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? Optional.of(strings(response.lastEvaluatedKey()))
                : Optional.empty();
        return new CandidatePage(candidates, next);
    }

    @Override
    public Outcome disable(List<Candidate> candidates, Instant staleCutoff, Instant now) {
        return inBatches(candidates, candidate -> List.of(
                TransactWriteItem.builder().update(u -> u.tableName(table)
                        .key(Items.key(candidate.userKey(), DeviceItems.sortKey(candidate.deviceId())))
                        .updateExpression("SET #state = :disabled, disabledAt = :now, disabledBy = :cleanup, "
                                + "cleanupShard = :shard, cleanupAt = :now, version = version + :one")
                        .conditionExpression("#state = :enabled AND lastActiveAt < :cutoff")
                        .expressionAttributeNames(Map.of("#state", DeviceItems.STATE))
                        .expressionAttributeValues(Map.of(
                                ":disabled", s(DeviceItems.DISABLED), ":enabled", s(DeviceItems.ENABLED),
                                ":now", s(now.toString()), ":cleanup", s(Device.DisabledBy.CLEANUP.wire()),
                                ":shard", s(DeviceItems.disabledShard(candidate.shard())), ":one", n(1),
                                ":cutoff", s(staleCutoff.toString())))).build(),
                activity(candidate, ActivityEntry.byCleanup(ActivityEntry.DEVICE_DISABLED, candidate.deviceId(), now))));
    }

    @Override
    public Outcome delete(List<Candidate> candidates, Instant deleteCutoff, Instant now) {
        return inBatches(candidates, candidate -> List.of(
                TransactWriteItem.builder().delete(d -> d.tableName(table)
                        .key(Items.key(candidate.userKey(), DeviceItems.sortKey(candidate.deviceId())))
                        .conditionExpression("#state = :disabled AND disabledAt < :cutoff")
                        .expressionAttributeNames(Map.of("#state", DeviceItems.STATE))
                        .expressionAttributeValues(Map.of(":disabled", s(DeviceItems.DISABLED),
                                ":cutoff", s(deleteCutoff.toString())))).build(),
                activity(candidate, ActivityEntry.byCleanup(ActivityEntry.DEVICE_DELETED, candidate.deviceId(), now))));
    }

    private TransactWriteItem activity(Candidate candidate, ActivityEntry entry) {
        return TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(DeviceItems.activity(candidate.userKey(), entry.withDeviceName(candidate.displayName())))).build();
    }

    /** Each candidate is two actions: the conditional change (first) and its activity entry. */
    private Outcome inBatches(List<Candidate> candidates,
                              Function<Candidate, List<TransactWriteItem>> actions) {
        int changed = 0;
        int skipped = 0;
        for (int from = 0; from < candidates.size(); from += BATCH) {
            List<Candidate> pending = candidates.subList(from, Math.min(candidates.size(), from + BATCH));
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                List<TransactWriteItem> items = new ArrayList<>();
                pending.forEach(c -> items.addAll(actions.apply(c)));
                try {
                    dynamo.transactWriteItems(r -> r.transactItems(items));
                    changed += pending.size();
                    break;
                } catch (TransactionCanceledException e) {
                    List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                    List<Candidate> retry = new ArrayList<>();
                    boolean anyNoLongerQualifies = false;
                    for (int i = 0; i < pending.size(); i++) {
                        String code = reasons.size() > 2 * i ? reasons.get(2 * i).code() : null;
                        if ("ConditionalCheckFailed".equals(code)) {
                            skipped++;
                            anyNoLongerQualifies = true;
                        } else {
                            retry.add(pending.get(i));
                        }
                    }
                    if (!anyNoLongerQualifies) {
                        backOff(attempt, e);
                    }
                    pending = retry;
                }
            }
        }
        return new Outcome(changed, skipped);
    }

    private static void backOff(int attempt, RuntimeException cause) {
        if (attempt + 1 >= ATTEMPTS) {
            throw cause;
        }
        try {
            Thread.sleep(Math.min(2_000, 50L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("interrupted while retrying a cleanup batch", e);
        }
    }

    @Override
    public Optional<Checkpoint> checkpoint() {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Items.key(CHECKPOINT_PK, CHECKPOINT_SK))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        AttributeValue next = item.get("next");
        return Optional.of(new Checkpoint(
                Items.string(item, "runId").orElse(""),
                Boolean.TRUE.equals(item.get("complete").bool()),
                Items.instant(item, "startedAt").orElseThrow(),
                Items.instant(item, "staleCutoff").orElseThrow(),
                Items.instant(item, "deleteCutoff").orElseThrow(),
                Phase.valueOf(Items.string(item, "phase").orElseThrow()),
                Items.number(item, "shard").orElse(0L).intValue(),
                next == null || !next.hasM() ? Optional.empty() : Optional.of(strings(next.m())),
                Items.number(item, "examined").orElse(0L),
                Items.number(item, "disabled").orElse(0L),
                Items.number(item, "deleted").orElse(0L),
                Items.number(item, "skipped").orElse(0L)));
    }

    @Override
    public void save(Checkpoint checkpoint) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(CHECKPOINT_PK, CHECKPOINT_SK));
        item.put("entity", s("CleanupCheckpoint"));
        item.put("runId", s(checkpoint.runId()));
        item.put("complete", AttributeValue.fromBool(checkpoint.complete()));
        item.put("startedAt", s(checkpoint.startedAt().toString()));
        item.put("staleCutoff", s(checkpoint.staleCutoff().toString()));
        item.put("deleteCutoff", s(checkpoint.deleteCutoff().toString()));
        item.put("phase", s(checkpoint.phase().name()));
        item.put("shard", n(checkpoint.shard()));
        checkpoint.next().ifPresent(next -> item.put("next", AttributeValue.fromM(attributes(next))));
        item.put("examined", n(checkpoint.examined()));
        item.put("disabled", n(checkpoint.disabled()));
        item.put("deleted", n(checkpoint.deleted()));
        item.put("skipped", n(checkpoint.skipped()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    private static Map<String, AttributeValue> attributes(Map<String, String> values) {
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        values.forEach((name, value) -> attributes.put(name, s(value)));
        return attributes;
    }

    private static Map<String, String> strings(Map<String, AttributeValue> attributes) {
        Map<String, String> values = new LinkedHashMap<>();
        attributes.forEach((name, value) -> values.put(name, value.s()));
        return values;
    }
}

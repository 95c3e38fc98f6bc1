package dev.myprofile.devices.cleanup.store;

import dev.myprofile.devices.cleanup.CleanupStore;
import dev.myprofile.devices.model.Device;
import dev.myprofile.devices.model.DeviceActivity;
import dev.myprofile.devices.store.dynamodb.DeviceItems;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.activity.ActivityEntry;
import dev.myprofile.shared.activity.ActivityLog;
import dev.myprofile.shared.dynamodb.InvalidContinuation;
import dev.myprofile.shared.dynamodb.ItemKinds;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.Keys;
import dev.myprofile.shared.dynamodb.PageTokens;
import dev.myprofile.shared.dynamodb.Transactions;
import dev.myprofile.shared.dynamodb.UserKey;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static dev.myprofile.shared.dynamodb.Items.n;
import static dev.myprofile.shared.dynamodb.Items.s;

/**
 * The cleanup on DynamoDB. Writes go in transactions of at most 25 devices (each change with its
 * activity entry, and a deletion with the device's tombstone too: at most 75 actions, under the
 * limit of 100), because a batch write cannot carry the conditions that keep an active device safe.
 * A transaction cancelled because some devices no longer qualify is retried without them (they are
 * skipped); one cancelled for conflicts or throttling is retried as it was, with backoff.
 */
public final class DynamoCleanupStore implements CleanupStore {
    public static final int BATCH = 25;
    private static final int ATTEMPTS = 6;
    private static final String CHECKPOINT_PK = ItemKinds.CLEANUP_PARTITION;
    private static final String CHECKPOINT_SK = ItemKinds.CLEANUP_CHECKPOINT.sortKey();

    private final DynamoDbClient dynamo;
    private final String table;
    private final ActivityLog activity;

    public DynamoCleanupStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.activity = new ActivityLog(dynamo, table);
    }

    @Override
    public CandidatePage candidates(Phase phase, int shard, Instant cutoff, Optional<String> after, int limit) {
        String partition = phase == Phase.DISABLE ? DeviceItems.enabledShard(shard) : DeviceItems.disabledShard(shard);
        QueryResponse response = dynamo.query(r -> r.tableName(table)
                .indexName(DeviceItems.CLEANUP_INDEX)
                .keyConditionExpression("cleanupShard = :shard AND cleanupAt < :cutoff")
                .expressionAttributeValues(Map.of(":shard", s(partition), ":cutoff", s(cutoff.toString())))
                .exclusiveStartKey(after.map(token -> startKey(partition, token)).orElse(null))
                .limit(limit));
        List<Candidate> candidates = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            candidates.add(new Candidate(new UserKey(item.get(Keys.PK).s()), DeviceItems.deviceId(item),
                    Items.string(item, "displayName").orElse("")));
        }
        Optional<String> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? Optional.of(token(response.lastEvaluatedKey()))
                : Optional.empty();
        return new CandidatePage(candidates, next);
    }

    /** Where a page of the index ended, as an opaque token: {@code cleanupAt|deviceId|partition key}. */
    private static String token(Map<String, AttributeValue> lastKey) {
        return PageTokens.encode(lastKey.get("cleanupAt").s() + "|" + DeviceItems.deviceId(lastKey) + "|" + lastKey.get(Keys.PK).s());
    }

    private static Map<String, AttributeValue> startKey(String partition, String token) {
        String[] parts = PageTokens.decode(token).split("\\|", 3);
        if (parts.length != 3) {
            throw new InvalidContinuation();
        }
        return Map.of("cleanupShard", s(partition), "cleanupAt", s(parts[0]),
                Keys.PK, s(parts[2]), Keys.SK, s(DeviceItems.sortKey(parts[1])));
    }

    @Override
    public Outcome disable(List<Candidate> candidates, Instant staleCutoff, Instant now) {
        return inBatches(candidates, candidate -> List.of(
                DeviceItems.disable(table, candidate.user(), candidate.deviceId(), now, Device.DisabledBy.CLEANUP,
                        Optional.of(staleCutoff)),
                activity(candidate, DeviceActivity.DISABLED, now)));
    }

    @Override
    public Outcome delete(List<Candidate> candidates, Instant deleteCutoff, Instant now, Instant tombstoneUntil) {
        return inBatches(candidates, candidate -> List.of(
                DeviceItems.delete(table, candidate.user(), candidate.deviceId(), deleteCutoff),
                DeviceItems.tombstone(table, candidate.user(), candidate.deviceId(), now, tombstoneUntil),
                activity(candidate, DeviceActivity.DELETED, now)));
    }

    private TransactWriteItem activity(Candidate candidate, String operation, Instant now) {
        return activity.write(candidate.user(), new ActivityEntry(now, operation,
                DeviceActivity.subject(candidate.deviceId(), candidate.displayName()), Origin.CLEANUP));
    }

    /** Each candidate is the same number of actions, its conditional change first. */
    private Outcome inBatches(List<Candidate> candidates,
                              Function<Candidate, List<TransactWriteItem>> actions) {
        int changed = 0;
        int skipped = 0;
        for (int from = 0; from < candidates.size(); from += BATCH) {
            List<Candidate> pending = candidates.subList(from, Math.min(candidates.size(), from + BATCH));
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                List<TransactWriteItem> items = new ArrayList<>();
                pending.forEach(c -> items.addAll(actions.apply(c)));
                int stride = items.size() / pending.size();
                try {
                    dynamo.transactWriteItems(r -> r.transactItems(items));
                    changed += pending.size();
                    break;
                } catch (TransactionCanceledException e) {
                    List<Candidate> retry = new ArrayList<>();
                    boolean anyNoLongerQualifies = false;
                    for (int i = 0; i < pending.size(); i++) {
                        if (Transactions.conditionFailed(e, stride * i)) {
                            skipped++;
                            anyNoLongerQualifies = true;
                        } else {
                            retry.add(pending.get(i));
                        }
                    }
                    if (!anyNoLongerQualifies) {
                        Transactions.backOff(attempt, ATTEMPTS, e);
                    }
                    pending = retry;
                }
            }
        }
        return new Outcome(changed, skipped);
    }

    @Override
    public Optional<Checkpoint> checkpoint() {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Items.key(CHECKPOINT_PK, CHECKPOINT_SK))).item();
        if (Items.absent(item)) {
            return Optional.empty();
        }
        return Optional.of(new Checkpoint(
                Items.string(item, "runId").orElse(""),
                Items.bool(item, "complete"),
                Items.instant(item, "startedAt").orElseThrow(),
                Items.instant(item, "staleCutoff").orElseThrow(),
                Items.instant(item, "deleteCutoff").orElseThrow(),
                Phase.valueOf(Items.string(item, "phase").orElseThrow()),
                Items.number(item, "shard").orElse(0L).intValue(),
                Items.string(item, "next"),
                Items.number(item, "examined").orElse(0L),
                Items.number(item, "disabled").orElse(0L),
                Items.number(item, "deleted").orElse(0L),
                Items.number(item, "skipped").orElse(0L)));
    }

    @Override
    public void save(Checkpoint checkpoint) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(CHECKPOINT_PK, CHECKPOINT_SK));
        item.put("entity", s(ItemKinds.CLEANUP_CHECKPOINT.entity()));
        item.put("runId", s(checkpoint.runId()));
        item.put("complete", AttributeValue.fromBool(checkpoint.complete()));
        item.put("startedAt", s(checkpoint.startedAt().toString()));
        item.put("staleCutoff", s(checkpoint.staleCutoff().toString()));
        item.put("deleteCutoff", s(checkpoint.deleteCutoff().toString()));
        item.put("phase", s(checkpoint.phase().name()));
        item.put("shard", n(checkpoint.shard()));
        Items.put(item, "next", checkpoint.next());
        item.put("examined", n(checkpoint.examined()));
        item.put("disabled", n(checkpoint.disabled()));
        item.put("deleted", n(checkpoint.deleted()));
        item.put("skipped", n(checkpoint.skipped()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }
}

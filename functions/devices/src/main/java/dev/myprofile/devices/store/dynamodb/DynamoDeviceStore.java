package dev.myprofile.devices.store.dynamodb;

import dev.myprofile.devices.model.Device;
import dev.myprofile.devices.model.DeviceActivity;
import dev.myprofile.devices.store.DeviceStore;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.activity.ActivityEntry;
import dev.myprofile.shared.activity.ActivityLog;
import dev.myprofile.shared.auth.DynamoSignOuts;
import dev.myprofile.shared.dynamodb.InvalidContinuation;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.Keys;
import dev.myprofile.shared.dynamodb.PageTokens;
import dev.myprofile.shared.dynamodb.Transactions;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.platform.Platform;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.myprofile.devices.store.dynamodb.DeviceItems.ENABLED;
import static dev.myprofile.devices.store.dynamodb.DeviceItems.LAST_ACTIVE_AT;
import static dev.myprofile.devices.store.dynamodb.DeviceItems.STATE;
import static dev.myprofile.shared.dynamodb.Items.n;
import static dev.myprofile.shared.dynamodb.Items.s;

/** A user's devices on DynamoDB, through the one device mapping ({@link DeviceItems}). */
public final class DynamoDeviceStore implements DeviceStore {
    private static final int REGISTER_ATTEMPTS = 5;

    private final DynamoDbClient dynamo;
    private final String table;
    private final ActivityLog activity;

    /** On the container's client and table. */
    public DynamoDeviceStore(Platform platform) {
        this(platform.dynamo(), platform.table());
    }

    public DynamoDeviceStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.activity = new ActivityLog(dynamo, table);
    }

    @Override
    public Page list(UserKey user, int limit, Optional<String> after) {
        Map<String, AttributeValue> start = after.map(token -> startKey(user, token)).orElse(null);
        QueryResponse response = dynamo.query(r -> r.tableName(table)
                .indexName(DeviceItems.BY_ACTIVITY_INDEX)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(user.partition())))
                .scanIndexForward(false)
                .limit(limit)
                .exclusiveStartKey(start));
        List<Device> devices = response.items().stream().flatMap(i -> DeviceItems.device(i).stream()).toList();
        Optional<String> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? Optional.of(token(response.lastEvaluatedKey()))
                : Optional.empty();
        return new Page(devices, next);
    }

    /** The token names a place in the caller's own list; the partition always comes from the caller. */
    private static String token(Map<String, AttributeValue> lastKey) {
        return PageTokens.encode(lastKey.get(LAST_ACTIVE_AT).s() + "|" + DeviceItems.deviceId(lastKey));
    }

    private static Map<String, AttributeValue> startKey(UserKey user, String token) {
        try {
            String raw = PageTokens.decode(token);
            int bar = raw.indexOf('|');
            String lastActiveAt = raw.substring(0, bar);
            String deviceId = raw.substring(bar + 1);
            Instant.parse(lastActiveAt);
            if (!Device.isValidId(deviceId)) {
                throw new InvalidContinuation();
            }
            return Map.of(Keys.PK, s(user.partition()), Keys.SK, s(DeviceItems.sortKey(deviceId)), LAST_ACTIVE_AT, s(lastActiveAt));
        } catch (IllegalArgumentException | IndexOutOfBoundsException | DateTimeParseException e) {
            throw new InvalidContinuation();
        }
    }

    /**
     * Reads the device first: a refresh (the common case, the client reporting again) is then one
     * conditional update. A new device costs a count of the user's devices (one query) and one
     * transaction, conditional on the count still holding. Losing a race to another write (a
     * concurrent registration, a rename, the cleanup deleting the device in between) only means
     * reading again; a transaction that keeps losing to conflicts or throttling is thrown for the
     * pipeline to answer (409 or 503), having written nothing.
     */
    @Override
    public RegisterResult register(UserKey user, String deviceId, Registration registration, int maxDevices, Instant now,
                                   Origin origin) {
        for (int attempt = 0; attempt < REGISTER_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> current = get(user, deviceId);
            Optional<Device> stored = DeviceItems.device(current);
            if (stored.isEmpty()) {
                DeviceCount count = count(user);
                if (count.enabled() >= maxDevices) {
                    return new RegisterResult.AtCapacity(maxDevices);
                }
                Instant registeredAt = registration.registeredAt().orElse(now);
                Device fresh = new Device(deviceId, registration.displayName(), registration.operatingSystem(),
                        registration.operatingSystemVersion(), registration.trustType(), registeredAt, registeredAt, true,
                        Optional.empty(), Optional.empty(), 1);
                Creation creation = create(user, fresh, count.setVersion(), now, origin);
                if (creation == Creation.CREATED) {
                    return new RegisterResult.Created(fresh);
                }
                if (creation == Creation.TOMBSTONED) {
                    return new RegisterResult.Removed();
                }
                if (creation == Creation.CLOSED) {
                    return new RegisterResult.Closed();
                }
                continue;
            }
            if (!stored.get().enabled()) {
                return new RegisterResult.Disabled(stored.get());
            }
            Optional<Device> refreshed = refresh(user, stored.get(), !DeviceItems.renamed(current), registration, now);
            if (refreshed.isPresent()) {
                return new RegisterResult.Refreshed(refreshed.get());
            }
        }
        return new RegisterResult.Contended();
    }

    /** How many enabled devices the user has, and the device set's version when they were counted. */
    private record DeviceCount(int enabled, long setVersion) {}

    /**
     * The user's devices and the device set in one consistent query (the set's key sorts right after
     * the devices'), reading only what the count needs; a page at a time to the end.
     */
    private DeviceCount count(UserKey user) {
        int enabled = 0;
        long setVersion = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :first AND :set")
                    .projectionExpression("sk, #state, version")
                    .expressionAttributeNames(Map.of("#state", STATE))
                    .expressionAttributeValues(Map.of(":pk", s(user.partition()), ":first", s(DeviceItems.PREFIX),
                            ":set", s(DeviceItems.SET_SORT_KEY)))
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                if (DeviceItems.SET_SORT_KEY.equals(item.get(Keys.SK).s())) {
                    setVersion = Items.number(item, "version").orElse(0L);
                } else if (ENABLED.equals(Items.string(item, STATE).orElse(""))) {
                    enabled++;
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return new DeviceCount(enabled, setVersion);
    }

    private enum Creation { CREATED, RACED, TOMBSTONED, CLOSED }

    /**
     * The device, the device set moved on from the version counted, the check that no tombstone
     * stands for the id, the activity entry, and the checks that the account is neither closing nor
     * closed, in one transaction. RACED when the device exists already or another registration
     * counted first (read again); TOMBSTONED when the cleanup deleted this device and its tombstone
     * stands; CLOSED when the account is closing or closed (the registration service names a person,
     * and no sign-out refuses its token), so nothing lands in a closed account's partition.
     */
    private Creation create(UserKey user, Device fresh, long countedAt, Instant now, Origin origin) {
        List<TransactWriteItem> actions = new java.util.ArrayList<>(List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table)
                        .item(DeviceItems.item(user, fresh, false))
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                DeviceItems.advanceSet(table, user, countedAt),
                DeviceItems.noTombstone(table, user, fresh.id(), now),
                activity.write(user, new ActivityEntry(now, DeviceActivity.REGISTERED,
                        DeviceActivity.subject(fresh.id(), fresh.displayName()), origin))));
        int open = actions.size();
        actions.addAll(DynamoSignOuts.notClosing(table, user));
        try {
            Transactions.write(dynamo, actions);
            return Creation.CREATED;
        } catch (TransactionCanceledException e) {
            if (Transactions.conditionFailed(e, open) || Transactions.conditionFailed(e, open + 1)) {
                return Creation.CLOSED;
            }
            if (Transactions.conditionFailed(e, 2)) {
                return Creation.TOMBSTONED;
            }
            if (Transactions.conditionFailed(e, 0) || Transactions.conditionFailed(e, 1)) {
                return Creation.RACED;
            }
            throw e;
        }
    }

    /**
     * Refreshes what the client reports, on the version read; empty when someone else wrote first. A
     * refresh counts as activity now, unless it is an import ({@code registeredAt}): the service
     * reporting what it knows of a device says nothing of the device being in use.
     */
    private Optional<Device> refresh(UserKey user, Device stored, boolean takeName, Registration registration, Instant now) {
        Instant lastActive = registration.registeredAt().isEmpty() && now.isAfter(stored.lastActiveAt()) ? now : stored.lastActiveAt();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":os", s(registration.operatingSystem()),
                ":osVersion", s(registration.operatingSystemVersion()),
                ":trust", s(registration.trustType().wire()),
                ":active", s(lastActive.toString()),
                ":expected", n(stored.version()),
                ":one", n(1),
                ":enabled", s(ENABLED)));
        String set = "SET operatingSystem = :os, operatingSystemVersion = :osVersion, trustType = :trust, "
                + "lastActiveAt = :active, cleanupAt = :active, version = version + :one";
        if (takeName) {
            set += ", displayName = :name";
            values.put(":name", s(registration.displayName()));
        }
        String expression = set;
        try {
            var response = dynamo.updateItem(r -> r.tableName(table)
                    .key(DeviceItems.key(user, stored.id()))
                    .updateExpression(expression)
                    .conditionExpression("version = :expected AND #state = :enabled")
                    .expressionAttributeNames(Map.of("#state", STATE))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW));
            return DeviceItems.device(response.attributes());
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public RenameResult rename(UserKey user, String deviceId, String displayName, long expectedVersion, Instant now,
                               Origin origin) {
        // Read first, as disabling does: a refused rename is answered without a write, and the
        // answer is the device as it is now.
        Optional<Device> current = DeviceItems.device(get(user, deviceId));
        Optional<RenameResult> refused = refusal(current, expectedVersion);
        if (refused.isPresent()) {
            return refused.get();
        }
        Device device = current.get();
        TransactWriteItem rename = TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(DeviceItems.key(user, deviceId))
                .updateExpression("SET displayName = :name, renamed = :true, version = version + :one")
                .conditionExpression("attribute_exists(pk) AND version = :expected AND #state = :enabled")
                .expressionAttributeNames(Map.of("#state", STATE))
                .expressionAttributeValues(Map.of(
                        ":name", s(displayName), ":true", AttributeValue.fromBool(true),
                        ":one", n(1), ":expected", n(expectedVersion), ":enabled", s(ENABLED)))).build();
        try {
            Transactions.write(dynamo, List.of(rename, activity.write(user, new ActivityEntry(now, DeviceActivity.RENAMED,
                    DeviceActivity.subject(deviceId, displayName), origin))));
        } catch (TransactionCanceledException e) {
            if (!Transactions.conditionFailed(e, 0)) {
                throw e;
            }
            // Changed, disabled or removed between the read and the write: answer with what is there now.
            return refusal(DeviceItems.device(get(user, deviceId)), expectedVersion).orElseGet(RenameResult.Missing::new);
        }
        return new RenameResult.Renamed(new Device(device.id(), displayName, device.operatingSystem(),
                device.operatingSystemVersion(), device.trustType(), device.registeredAt(), device.lastActiveAt(), true,
                device.disabledAt(), device.disabledBy(), device.version() + 1));
    }

    /** Why a rename of {@code current} at {@code expectedVersion} cannot be made, if it cannot. */
    private static Optional<RenameResult> refusal(Optional<Device> current, long expectedVersion) {
        if (current.isEmpty()) {
            return Optional.of(new RenameResult.Missing());
        }
        if (!current.get().enabled()) {
            return Optional.of(new RenameResult.Disabled());
        }
        if (current.get().version() != expectedVersion) {
            return Optional.of(new RenameResult.Stale(current.get().version()));
        }
        return Optional.empty();
    }

    @Override
    public DisableResult disable(UserKey user, String deviceId, Instant now, Origin origin) {
        // Read first: a missing or already disabled device is answered without a write, and the
        // activity entry can name the device.
        Optional<Device> current = DeviceItems.device(get(user, deviceId));
        if (current.isEmpty()) {
            return new DisableResult.Missing();
        }
        if (!current.get().enabled()) {
            return new DisableResult.AlreadyDisabled(current.get());
        }
        Device device = current.get();
        try {
            Transactions.write(dynamo, List.of(
                    DeviceItems.disable(table, user, deviceId, now, Device.DisabledBy.USER, Optional.empty()),
                    activity.write(user, new ActivityEntry(now, DeviceActivity.DISABLED,
                            DeviceActivity.subject(deviceId, device.displayName()), origin))));
        } catch (TransactionCanceledException e) {
            if (!Transactions.conditionFailed(e, 0)) {
                throw e;
            }
            // Disabled (or removed) between the read and the write: answer with what is there now.
            return DeviceItems.device(get(user, deviceId))
                    .<DisableResult>map(DisableResult.AlreadyDisabled::new)
                    .orElseGet(DisableResult.Missing::new);
        }
        return new DisableResult.Disabled(new Device(device.id(), device.displayName(), device.operatingSystem(),
                device.operatingSystemVersion(), device.trustType(), device.registeredAt(), device.lastActiveAt(), false,
                Optional.of(now), Optional.of(Device.DisabledBy.USER), device.version() + 1));
    }

    @Override
    public AdminResult enable(UserKey user, String deviceId, Instant now) {
        // Read first, as disabling does: an unknown or enabled device is answered without a write,
        // and the activity entry can name the device.
        Optional<Device> current = DeviceItems.device(get(user, deviceId));
        if (current.isEmpty()) {
            return AdminResult.NO_SUCH_DEVICE;
        }
        if (current.get().enabled()) {
            return AdminResult.NOT_DISABLED;
        }
        try {
            // The device set moves on too: a registration that counted the enabled devices before
            // this one came back counts again, so the two together cannot pass the cap unnoticed.
            Transactions.write(dynamo, List.of(
                    DeviceItems.enable(table, user, deviceId, now),
                    DeviceItems.bumpSet(table, user),
                    activity.write(user, new ActivityEntry(now, DeviceActivity.ENABLED,
                            DeviceActivity.subject(deviceId, current.get().displayName()), DeviceActivity.ADMINISTRATOR))));
            return AdminResult.ENABLED;
        } catch (TransactionCanceledException e) {
            if (!Transactions.conditionFailed(e, 0)) {
                throw e;
            }
            // Enabled or deleted between the read and the write: answer with what is there now.
            return DeviceItems.device(get(user, deviceId)).isPresent() ? AdminResult.NOT_DISABLED : AdminResult.NO_SUCH_DEVICE;
        }
    }

    @Override
    public AdminResult forgetRemoved(UserKey user, String deviceId, Instant now) {
        try {
            Transactions.write(dynamo, List.of(
                    DeviceItems.liftTombstone(table, user, deviceId, now),
                    activity.write(user, new ActivityEntry(now, DeviceActivity.UNBLOCKED,
                            DeviceActivity.subject(deviceId, null), DeviceActivity.ADMINISTRATOR))));
            return AdminResult.FORGOTTEN;
        } catch (TransactionCanceledException e) {
            if (!Transactions.conditionFailed(e, 0)) {
                throw e;
            }
            return AdminResult.NOT_REMOVED;
        }
    }

    @Override
    public SignInResult recordSignIn(UserKey user, String deviceId, Instant at, Duration granularity) {
        Map<String, AttributeValue> key = DeviceItems.key(user, deviceId);
        Map<String, AttributeValue> stored = dynamo.getItem(r -> r.tableName(table).key(key)
                .projectionExpression("lastActiveAt, #state")
                .expressionAttributeNames(Map.of("#state", STATE))).item();
        if (Items.absent(stored) || !ENABLED.equals(Items.string(stored, STATE).orElse(""))) {
            return SignInResult.NOT_FOUND;
        }
        Instant threshold = at.minus(granularity);
        if (!Items.instant(stored, LAST_ACTIVE_AT).orElse(Instant.EPOCH).isBefore(threshold)) {
            return SignInResult.ALREADY_FRESH;
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key)
                    .updateExpression("SET lastActiveAt = :at, cleanupAt = :at")
                    .conditionExpression("#state = :enabled AND lastActiveAt < :threshold")
                    .expressionAttributeNames(Map.of("#state", STATE))
                    .expressionAttributeValues(Map.of(":at", s(at.toString()), ":enabled", s(ENABLED),
                            ":threshold", s(threshold.toString()))));
            return SignInResult.RECORDED;
        } catch (ConditionalCheckFailedException e) {
            return SignInResult.ALREADY_FRESH;
        }
    }

    private Map<String, AttributeValue> get(UserKey user, String deviceId) {
        return dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(DeviceItems.key(user, deviceId))).item();
    }
}

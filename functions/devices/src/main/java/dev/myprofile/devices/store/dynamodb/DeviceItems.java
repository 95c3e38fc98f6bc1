package dev.myprofile.devices.store.dynamodb;

import dev.myprofile.devices.model.Device;
import dev.myprofile.shared.dynamodb.ItemKinds;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.Keys;
import dev.myprofile.shared.dynamodb.UserKey;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

import static dev.myprofile.shared.dynamodb.Items.n;
import static dev.myprofile.shared.dynamodb.Items.s;

/**
 * The one mapping of the device item, for the devices functions and the cleanup alike. A device
 * carries two index keys: {@code lastActiveAt} (the local index a user's device list is read from,
 * newest first) and {@code cleanupShard}/{@code cleanupAt} (the sharded global index the cleanup
 * reads candidates from: {@code E#n} with the last activity for enabled devices, {@code D#n} with the
 * time of disabling for disabled ones).
 *
 * <p>Beside the devices, in the same partition, the <em>device set</em> ({@code DEVICE-SET}): a
 * version that every registration of a new device moves on, so two registrations that counted the
 * same devices cannot both pass the cap. It sorts right after every {@code DEVICE#} key, so one
 * query reads the devices and the set together.
 *
 * <p>And a device's <em>tombstone</em> ({@code DEVICE-TOMBSTONE#<id>}), which the cleanup leaves when
 * it deletes a disabled device: until it expires (or an administrator lifts it), that id cannot be
 * registered again, so a lost device that was disabled does not come back as new once deleted. It sorts after the device set,
 * outside the devices' range, and carries no index key.
 */
public final class DeviceItems {
    public static final String PREFIX = ItemKinds.DEVICES.sortKey();
    public static final String BY_ACTIVITY_INDEX = "DevicesByActivity";
    public static final String CLEANUP_INDEX = "DeviceCleanup";
    public static final int SHARDS = 16;

    static final String STATE = "state";
    static final String ENABLED = "enabled";
    static final String DISABLED = "disabled";
    static final String LAST_ACTIVE_AT = "lastActiveAt";
    static final String DISPLAY_NAME = "displayName";
    /** '-' sorts after '#': every device key lies between {@link #PREFIX} and this one. */
    static final String SET_SORT_KEY = ItemKinds.DEVICE_SET.sortKey();
    static final String TOMBSTONE_PREFIX = ItemKinds.REMOVED_DEVICES.sortKey();

    private DeviceItems() {}

    public static String sortKey(String deviceId) {
        return PREFIX + deviceId;
    }

    public static Map<String, AttributeValue> key(UserKey user, String deviceId) {
        return Items.key(user, sortKey(deviceId));
    }

    /** The device id of a key read back from an index. */
    public static String deviceId(Map<String, AttributeValue> key) {
        return key.get(Keys.SK).s().substring(PREFIX.length());
    }

    /** Spreads the cleanup index over {@link #SHARDS} partitions, stably for a given device. */
    public static int shard(UserKey user, String deviceId) {
        CRC32 crc = new CRC32();
        crc.update((user.partition() + "\u0000" + deviceId).getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % SHARDS);
    }

    public static String enabledShard(int shard) {
        return "E#" + shard;
    }

    public static String disabledShard(int shard) {
        return "D#" + shard;
    }

    public static Map<String, AttributeValue> item(UserKey user, Device device, boolean renamed) {
        Map<String, AttributeValue> item = new HashMap<>(key(user, device.id()));
        item.put("entity", s(ItemKinds.DEVICES.entity()));
        item.put("deviceId", s(device.id()));
        item.put(DISPLAY_NAME, s(device.displayName()));
        item.put("operatingSystem", s(device.operatingSystem()));
        item.put("operatingSystemVersion", s(device.operatingSystemVersion()));
        item.put("trustType", s(device.trustType().wire()));
        item.put("registeredAt", s(device.registeredAt().toString()));
        item.put(LAST_ACTIVE_AT, s(device.lastActiveAt().toString()));
        item.put(STATE, s(device.enabled() ? ENABLED : DISABLED));
        device.disabledAt().ifPresent(t -> item.put("disabledAt", s(t.toString())));
        device.disabledBy().ifPresent(by -> item.put("disabledBy", s(by.wire())));
        item.put("renamed", AttributeValue.fromBool(renamed));
        item.put("version", n(device.version()));
        int shard = shard(user, device.id());
        item.put("cleanupShard", s(device.enabled() ? enabledShard(shard) : disabledShard(shard)));
        item.put("cleanupAt", s((device.enabled() ? device.lastActiveAt() : device.disabledAt().orElseThrow()).toString()));
        return item;
    }

    public static Optional<Device> device(Map<String, AttributeValue> item) {
        if (Items.absent(item) || !item.containsKey("deviceId")) {
            return Optional.empty();
        }
        return Optional.of(new Device(
                Items.string(item, "deviceId").orElseThrow(),
                Items.string(item, DISPLAY_NAME).orElse(""),
                Items.string(item, "operatingSystem").orElse(""),
                Items.string(item, "operatingSystemVersion").orElse(""),
                Items.string(item, "trustType").flatMap(Device.TrustType::fromWire).orElse(Device.TrustType.REGISTERED),
                Items.instant(item, "registeredAt").orElse(Instant.EPOCH),
                Items.instant(item, LAST_ACTIVE_AT).orElse(Instant.EPOCH),
                !DISABLED.equals(Items.string(item, STATE).orElse(ENABLED)),
                Items.instant(item, "disabledAt"),
                Items.string(item, "disabledBy").flatMap(Device.DisabledBy::fromWire),
                Items.number(item, "version").orElse(1L)));
    }

    public static boolean renamed(Map<String, AttributeValue> item) {
        return Items.bool(item, "renamed");
    }

    /**
     * The one "disable" change, whoever makes it: the state, when and by whom, the version, and the
     * cleanup index entry moved to the disabled shard (so the device now waits for deletion). Only an
     * enabled device is changed; with {@code inactiveBefore}, only one not active since then (the
     * cleanup's guard against a device that signed in while it ran).
     */
    public static TransactWriteItem disable(String table, UserKey user, String deviceId, Instant now,
                                            Device.DisabledBy by, Optional<Instant> inactiveBefore) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":disabled", s(DISABLED), ":enabled", s(ENABLED), ":now", s(now.toString()),
                ":by", s(by.wire()), ":shard", s(disabledShard(shard(user, deviceId))), ":one", n(1)));
        inactiveBefore.ifPresent(cutoff -> values.put(":cutoff", s(cutoff.toString())));
        String condition = "attribute_exists(pk) AND #state = :enabled"
                + (inactiveBefore.isPresent() ? " AND lastActiveAt < :cutoff" : "");
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(key(user, deviceId))
                .updateExpression("SET #state = :disabled, disabledAt = :now, disabledBy = :by, "
                        + "cleanupShard = :shard, cleanupAt = :now, version = version + :one")
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#state", STATE))
                .expressionAttributeValues(values)).build();
    }

    /**
     * The one "enable again" change, an administrator's: only a disabled device is changed. It goes
     * back to the enabled side of both indexes: the cleanup's {@code E#n} shard, and, because enabling
     * it counts as activity, {@code lastActiveAt} and {@code cleanupAt} both set to {@code now}. So the
     * staleness clock restarts (the next cleanup run does not disable it again for an old last
     * activity), and the Devices page, which reads staleness from {@code lastActiveAt}, agrees with the
     * cleanup. Who disabled it and when are removed, as on a device that was never disabled.
     */
    public static TransactWriteItem enable(String table, UserKey user, String deviceId, Instant now) {
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(key(user, deviceId))
                .updateExpression("SET #state = :enabled, lastActiveAt = :now, cleanupShard = :shard, cleanupAt = :now, "
                        + "version = version + :one REMOVE disabledAt, disabledBy")
                .conditionExpression("attribute_exists(pk) AND #state = :disabled")
                .expressionAttributeNames(Map.of("#state", STATE))
                .expressionAttributeValues(Map.of(":enabled", s(ENABLED), ":disabled", s(DISABLED), ":now", s(now.toString()),
                        ":shard", s(enabledShard(shard(user, deviceId))), ":one", n(1)))).build();
    }

    /**
     * Moves the device set on, whatever its version: a change that adds an enabled device without a
     * registration (an administrator enabling one again) makes a registration that counted before it
     * fail its {@link #advanceSet} condition and count again.
     */
    public static TransactWriteItem bumpSet(String table, UserKey user) {
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Items.key(user, SET_SORT_KEY))
                .updateExpression("SET entity = :entity, version = if_not_exists(version, :zero) + :one")
                .expressionAttributeValues(Map.of(":entity", s(ItemKinds.DEVICE_SET.entity()), ":zero", n(0), ":one", n(1)))).build();
    }

    /**
     * Moves the device set on from the version a registration counted at ({@code 0}: no registration
     * has moved it yet), failing its condition when another registration moved it first.
     */
    public static TransactWriteItem advanceSet(String table, UserKey user, long countedAt) {
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Items.key(user, SET_SORT_KEY))
                .updateExpression("SET entity = :entity, version = :next")
                .conditionExpression(countedAt == 0 ? "attribute_not_exists(version)" : "version = :counted")
                .expressionAttributeValues(countedAt == 0
                        ? Map.of(":entity", s(ItemKinds.DEVICE_SET.entity()), ":next", n(1))
                        : Map.of(":entity", s(ItemKinds.DEVICE_SET.entity()), ":next", n(countedAt + 1), ":counted", n(countedAt)))).build();
    }

    /** The tombstone of a deleted device: refuses its id to registration until {@code expiresAt} (and TTL then removes it). */
    public static TransactWriteItem tombstone(String table, UserKey user, String deviceId, Instant deletedAt, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(user, TOMBSTONE_PREFIX + deviceId));
        item.put("entity", s(ItemKinds.REMOVED_DEVICES.entity()));
        item.put("deviceId", s(deviceId));
        item.put("deletedAt", s(deletedAt.toString()));
        item.put("expiresAt", n(expiresAt.getEpochSecond()));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
    }

    /**
     * Lifts a removed device's tombstone (an administrator's change), only while it stands at
     * {@code now}: an expired one no longer refuses the id, so there is nothing to lift.
     */
    public static TransactWriteItem liftTombstone(String table, UserKey user, String deviceId, Instant now) {
        return TransactWriteItem.builder().delete(d -> d.tableName(table)
                .key(Items.key(user, TOMBSTONE_PREFIX + deviceId))
                .conditionExpression("attribute_exists(pk) AND expiresAt > :now")
                .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())))).build();
    }

    /**
     * Holds when {@code deviceId} has no tombstone standing at {@code now}: an expired one that the
     * table's time to live has not yet deleted (it may take two days) no longer counts.
     */
    public static TransactWriteItem noTombstone(String table, UserKey user, String deviceId, Instant now) {
        return TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                .key(Items.key(user, TOMBSTONE_PREFIX + deviceId))
                .conditionExpression("attribute_not_exists(pk) OR expiresAt <= :now")
                .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())))).build();
    }

    /** Deletes a device only while it is still disabled since before {@code disabledBefore}. */
    public static TransactWriteItem delete(String table, UserKey user, String deviceId, Instant disabledBefore) {
        return TransactWriteItem.builder().delete(d -> d.tableName(table)
                .key(key(user, deviceId))
                .conditionExpression("#state = :disabled AND disabledAt < :cutoff")
                .expressionAttributeNames(Map.of("#state", STATE))
                .expressionAttributeValues(Map.of(":disabled", s(DISABLED), ":cutoff", s(disabledBefore.toString())))).build();
    }
}

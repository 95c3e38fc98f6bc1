package dev.myprofile.shared.store;

import dev.myprofile.shared.domain.ActivityEntry;
import dev.myprofile.shared.domain.Device;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

import static dev.myprofile.shared.store.Items.s;

/**
 * How devices and activity entries are laid out in the table. A device carries two index keys:
 * {@code lastActiveAt} (the local index a user's device list is read from, newest first) and
 * {@code cleanupShard}/{@code cleanupAt} (the sharded global index the cleanup reads candidates from:
 * {@code E#n} with the last activity for enabled devices, {@code D#n} with the time of disabling for
 * disabled ones).
 */
public final class DeviceItems {
    public static final String PREFIX = "DEVICE#";
    public static final String ACTIVITY_PREFIX = "ACTIVITY#";
    public static final String BY_ACTIVITY_INDEX = "DevicesByActivity";
    public static final String CLEANUP_INDEX = "DeviceCleanup";
    public static final int SHARDS = 16;
    public static final Duration ACTIVITY_RETENTION = Duration.ofDays(365);

    public static final String STATE = "state";
    public static final String ENABLED = "enabled";
    public static final String DISABLED = "disabled";
    public static final String LAST_ACTIVE_AT = "lastActiveAt";
    public static final String DISABLED_AT = "disabledAt";
    public static final String CLEANUP_SHARD = "cleanupShard";
    public static final String CLEANUP_AT = "cleanupAt";

    private DeviceItems() {}

    public static String sortKey(String deviceId) {
        return PREFIX + deviceId;
    }

    /** Spreads the cleanup index over {@link #SHARDS} partitions, stably for a given device. */
    public static int shard(String userKey, String deviceId) {
        CRC32 crc = new CRC32();
        crc.update((userKey + "\u0000" + deviceId).getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % SHARDS);
    }

    public static String enabledShard(int shard) {
        return "E#" + shard;
    }

    public static String disabledShard(int shard) {
        return "D#" + shard;
    }

    public static Map<String, AttributeValue> item(String userKey, Device device, boolean renamed) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(userKey, sortKey(device.id())));
        item.put("entity", s("Device"));
        item.put("deviceId", s(device.id()));
        item.put("displayName", s(device.displayName()));
        item.put("operatingSystem", s(device.operatingSystem()));
        item.put("operatingSystemVersion", s(device.operatingSystemVersion()));
        item.put("trustType", s(device.trustType().wire()));
        item.put("registeredAt", s(device.registeredAt().toString()));
        item.put(LAST_ACTIVE_AT, s(device.lastActiveAt().toString()));
        item.put(STATE, s(device.enabled() ? ENABLED : DISABLED));
        device.disabledAt().ifPresent(t -> item.put(DISABLED_AT, s(t.toString())));
        device.disabledBy().ifPresent(by -> item.put("disabledBy", s(by.wire())));
        item.put("renamed", AttributeValue.fromBool(renamed));
        item.put("version", Items.n(device.version()));
        int shard = shard(userKey, device.id());
        item.put(CLEANUP_SHARD, s(device.enabled() ? enabledShard(shard) : disabledShard(shard)));
        item.put(CLEANUP_AT, s((device.enabled() ? device.lastActiveAt() : device.disabledAt().orElseThrow()).toString()));
        return item;
    }

    public static Optional<Device> device(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty() || !item.containsKey("deviceId")) {
            return Optional.empty();
        }
        return Optional.of(new Device(
                Items.string(item, "deviceId").orElseThrow(),
                Items.string(item, "displayName").orElse(""),
                Items.string(item, "operatingSystem").orElse(""),
                Items.string(item, "operatingSystemVersion").orElse(""),
                Items.string(item, "trustType").flatMap(Device.TrustType::fromWire).orElse(Device.TrustType.REGISTERED),
                Items.instant(item, "registeredAt").orElse(Instant.EPOCH),
                Items.instant(item, LAST_ACTIVE_AT).orElse(Instant.EPOCH),
                !DISABLED.equals(Items.string(item, STATE).orElse(ENABLED)),
                Items.instant(item, DISABLED_AT),
                Items.string(item, "disabledBy").flatMap(Device.DisabledBy::fromWire),
                Items.number(item, "version").orElse(1L)));
    }

    public static boolean renamed(Map<String, AttributeValue> item) {
        AttributeValue value = item.get("renamed");
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    /**
     * An activity entry. Its key is derived from what happened (time, operation, device), so writing
     * the same event twice leaves one entry.
     */
    public static Map<String, AttributeValue> activity(String userKey, ActivityEntry entry) {
        String id = entry.at() + "#" + entry.operation() + entry.deviceId().map(d -> "#" + d).orElse("");
        Map<String, AttributeValue> item = new HashMap<>(Items.key(userKey, ACTIVITY_PREFIX + id));
        item.put("entity", s("Activity"));
        item.put("at", s(entry.at().toString()));
        item.put("operation", s(entry.operation()));
        Items.put(item, "deviceId", entry.deviceId());
        Items.put(item, "deviceName", entry.deviceName());
        item.put("actor", s(entry.actor()));
        Items.put(item, "sourceIp", entry.sourceIp());
        Items.put(item, "userAgent", entry.userAgent());
        item.put("expiresAt", Items.n(entry.at().plus(ACTIVITY_RETENTION).getEpochSecond()));
        return item;
    }
}

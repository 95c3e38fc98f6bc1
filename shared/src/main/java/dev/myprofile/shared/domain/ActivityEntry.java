package dev.myprofile.shared.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of a user's security history: when (UTC), what, on which device (id and name at the time)
 * or method, by whom
 * ({@code user} or {@code cleanup}), and from where. Kept 365 days.
 */
public record ActivityEntry(
        Instant at,
        String operation,
        Optional<String> deviceId,
        Optional<String> deviceName,
        String actor,
        Optional<String> sourceIp,
        Optional<String> userAgent) {

    public static final String DEVICE_REGISTERED = "device.registered";
    public static final String DEVICE_DISABLED = "device.disabled";
    public static final String DEVICE_DELETED = "device.deleted";

    public static ActivityEntry byUser(String operation, String deviceId, Instant at, String sourceIp, String userAgent) {
        return new ActivityEntry(at, operation, Optional.of(deviceId), Optional.empty(), "user",
                Optional.of(sourceIp).filter(s -> !s.isBlank()),
                Optional.of(userAgent).filter(s -> !s.isBlank()).map(a -> a.length() > 512 ? a.substring(0, 512) : a));
    }

    public static ActivityEntry byCleanup(String operation, String deviceId, Instant at) {
        return new ActivityEntry(at, operation, Optional.of(deviceId), Optional.empty(), "cleanup", Optional.empty(), Optional.empty());
    }

    /** The same entry naming the device as the user knows it (ids mean nothing to a person). */
    public ActivityEntry withDeviceName(String name) {
        return new ActivityEntry(at, operation, deviceId, Optional.ofNullable(name).filter(n -> !n.isBlank()),
                actor, sourceIp, userAgent);
    }
}

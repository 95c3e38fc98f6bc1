package dev.myprofile.devices.model;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A device registered to a user's account. Once disabled, only an administrator can enable it again;
 * the user and the cleanup can only disable it (and the cleanup, later, delete it).
 */
public record Device(
        String id,
        String displayName,
        String operatingSystem,
        String operatingSystemVersion,
        TrustType trustType,
        Instant registeredAt,
        Instant lastActiveAt,
        boolean enabled,
        Optional<Instant> disabledAt,
        Optional<DisabledBy> disabledBy,
        long version) {

    public static final int MAX_ID = 128;
    public static final int MAX_DISPLAY_NAME = 256;
    public static final int MAX_OPERATING_SYSTEM = 64;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~-]{1," + MAX_ID + "}");

    /** How the device is known to the organization (Entra ID's "registered" and "joined"). */
    public enum TrustType {
        REGISTERED("registered"), JOINED("joined");

        private final String wire;

        TrustType(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Optional<TrustType> fromWire(String value) {
            return byWire(values(), TrustType::wire, value);
        }
    }

    /** Who disabled a device, and so why: the user (lost or unrecognized) or the cleanup (inactive). */
    public enum DisabledBy {
        USER("user"), CLEANUP("cleanup");

        private final String wire;

        DisabledBy(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Optional<DisabledBy> fromWire(String value) {
            return byWire(values(), DisabledBy::wire, value);
        }
    }

    private static <E> Optional<E> byWire(E[] values, java.util.function.Function<E, String> wire, String value) {
        for (E candidate : values) {
            if (wire.apply(candidate).equals(value)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static boolean isValidId(String id) {
        return ID.matcher(id).matches();
    }
}

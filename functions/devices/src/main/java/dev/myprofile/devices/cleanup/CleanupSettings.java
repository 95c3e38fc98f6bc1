package dev.myprofile.devices.cleanup;

import dev.myprofile.shared.config.Config.ConfigException;
import dev.myprofile.shared.config.Config;

import java.time.Duration;

/**
 * How the cleanup behaves, from configuration. Nothing under 21 days is ever called stale (the
 * leading guidance): such a setting is refused at start, before anything is read. A deleted device's
 * tombstone refuses its id to registration for {@code tombstoneFor}.
 */
public record CleanupSettings(Duration staleAfter, Duration deleteAfter, boolean dryRun, Duration timeMargin, int pageSize,
                              Duration tombstoneFor) {
    public static final int MIN_STALE_DAYS = 21;

    public CleanupSettings {
        if (staleAfter.compareTo(Duration.ofDays(MIN_STALE_DAYS)) < 0) {
            throw new ConfigException("STALE_AFTER_DAYS must be at least " + MIN_STALE_DAYS + ", not " + staleAfter.toDays());
        }
        if (deleteAfter.compareTo(Duration.ofDays(1)) < 0) {
            throw new ConfigException("DELETE_AFTER_DAYS must be at least 1");
        }
        if (pageSize < 1 || pageSize > 1000) {
            throw new ConfigException("CLEANUP_PAGE_SIZE must be from 1 to 1000");
        }
        if (tombstoneFor.compareTo(Duration.ofDays(1)) < 0) {
            throw new ConfigException("DEVICE_TOMBSTONE_DAYS must be at least 1");
        }
    }

    public static CleanupSettings from(Config config) {
        return new CleanupSettings(
                staleAfter(config),
                Duration.ofDays(days(config, "DELETE_AFTER_DAYS", 30)),
                Boolean.parseBoolean(config.get("CLEANUP_DRY_RUN", "false")),
                Duration.ofMillis(days(config, "CLEANUP_TIME_MARGIN_MS", 15_000)),
                (int) days(config, "CLEANUP_PAGE_SIZE", 100),
                Duration.ofDays(days(config, "DEVICE_TOMBSTONE_DAYS", 365)));
    }

    /**
     * How long a device may be inactive before the cleanup disables it ({@code STALE_AFTER_DAYS}),
     * which the device list also tells the web app, so the rule is stated in one place.
     */
    public static Duration staleAfter(Config config) {
        return Duration.ofDays(days(config, "STALE_AFTER_DAYS", 90));
    }

    private static long days(Config config, String name, long fallback) {
        String raw = config.get(name, Long.toString(fallback));
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number: " + raw);
        }
    }
}

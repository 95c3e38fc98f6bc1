package dev.myprofile.organizations.model;

import dev.myprofile.shared.activity.ActivityLog;
import dev.myprofile.shared.config.Config;

import java.util.List;

/**
 * What the portal itself stores about a user, and for how long: the one list, which the Privacy page
 * shows (the web app names each kind in the reader's language, and takes every period from here).
 * Each kind is one item type of the user's partition ({@code sortKey}: the sort key, or its prefix
 * when it ends in '#'), so "download my data" and "close my account" can be checked against it.
 */
public final class PortalData {

    /**
     * How long a kind is kept: {@code ACCOUNT} until the account is closed; {@code DAYS} for
     * {@code days} days after it was written ({@code afterDays}: after leaving); {@code INACTIVITY}
     * disabled after {@code days} days without a sign-in, deleted {@code afterDays} days later.
     */
    public enum Retention { ACCOUNT, DAYS, AFTER_LEAVING, INACTIVITY }

    /** {@code days}/{@code afterDays} are 0 where the retention has no such period. */
    public record Kind(String id, String sortKey, List<String> fields, Retention retention, long days, long afterDays) {}

    private PortalData() {}

    /** @param config where the devices' periods come from ({@code STALE_AFTER_DAYS}, {@code DELETE_AFTER_DAYS}) */
    public static List<Kind> kinds(Config config) {
        long staleAfterDays = days(config, "STALE_AFTER_DAYS", 90);
        long deleteAfterDays = days(config, "DELETE_AFTER_DAYS", 30);
        return List.of(
                new Kind("profile", "PROFILE",
                        List.of("displayName", "email", "phone", "jobTitle", "preferredLanguage", "homeOrganization"),
                        Retention.ACCOUNT, 0, 0),
                new Kind("devices", "DEVICE#",
                        List.of("displayName", "operatingSystem", "trustType", "registeredAt", "lastActiveAt", "disabled"),
                        Retention.INACTIVITY, staleAfterDays, deleteAfterDays),
                new Kind("activity", "ACTIVITY#",
                        List.of("operation", "subject", "at", "sourceIp", "userAgent"),
                        Retention.DAYS, ActivityLog.RETENTION.toDays(), 0),
                new Kind("memberships", "MEMBERSHIP#",
                        List.of("organization", "role", "joinedAt", "leftAt"),
                        Retention.AFTER_LEAVING, 0, Membership.TOMBSTONE_DAYS),
                new Kind("signOut", "SIGN-OUT",
                        List.of("notBefore"),
                        Retention.ACCOUNT, 0, 0));
    }

    private static long days(Config config, String name, long fallback) {
        String raw = config.get(name, Long.toString(fallback));
        try {
            long days = Long.parseLong(raw);
            if (days > 0) {
                return days;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Config.ConfigException(name + " must be a whole, positive number of days: " + raw);
    }
}

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

    /**
     * One kind of item: its {@code entity} (the item's {@code entity} attribute), its sort key, the
     * attributes "download my data" exports ({@code fields}: only these, so a secret added to an item
     * later is never exported by accident), whether the user has one or many, and how long it is kept.
     * {@code days}/{@code afterDays} are 0 where the retention has no such period.
     */
    public record Kind(String id, String entity, String sortKey, boolean many, List<String> fields, Retention retention,
                       long days, long afterDays) {

        public boolean holds(String itemSortKey) {
            return many ? itemSortKey.startsWith(sortKey) : itemSortKey.equals(sortKey);
        }
    }

    /** A day at most, plus the time DynamoDB's time to live may take to delete an expired item. */
    private static final long BOOKKEEPING_DAYS = 2;

    private PortalData() {}

    /** @param config where the devices' periods come from ({@code STALE_AFTER_DAYS}, {@code DELETE_AFTER_DAYS}) */
    public static List<Kind> kinds(Config config) {
        long staleAfterDays = days(config, "STALE_AFTER_DAYS", 90);
        long deleteAfterDays = days(config, "DELETE_AFTER_DAYS", 30);
        return List.of(
                new Kind("profile", "Profile", "PROFILE", false,
                        List.of("displayName", "email", "phone", "jobTitle", "preferredLanguage", "homeOrganizationId",
                                "createdAt", "updatedAt"),
                        Retention.ACCOUNT, 0, 0),
                new Kind("devices", "Device", "DEVICE#", true,
                        List.of("deviceId", "displayName", "operatingSystem", "operatingSystemVersion", "trustType",
                                "registeredAt", "lastActiveAt", "state", "disabledAt", "disabledBy"),
                        Retention.INACTIVITY, staleAfterDays, deleteAfterDays),
                new Kind("activity", "Activity", "ACTIVITY#", true,
                        List.of("at", "operation", "subjectType", "subjectId", "subjectName", "deviceId", "deviceName",
                                "actor", "sourceIp", "userAgent"),
                        Retention.DAYS, ActivityLog.RETENTION.toDays(), 0),
                new Kind("memberships", "Membership", "MEMBERSHIP#", true,
                        List.of("organizationId", "role", "joinedAt", "leftAt"),
                        Retention.AFTER_LEAVING, 0, Membership.TOMBSTONE_DAYS),
                new Kind("signOut", "SignOut", "SIGN-OUT", false,
                        List.of("notBefore"),
                        Retention.ACCOUNT, 0, 0),
                // The password's item shares the methods' prefix; the most specific kind holds a key.
                new Kind("password", "Password", "METHOD#PASSWORD", false,
                        List.of("changedAt"),
                        Retention.ACCOUNT, 0, 0),
                new Kind("securityMethods", "SecurityMethod", "METHOD#", true,
                        List.of("methodType", "displayName", "addedAt", "passkeyId", "signsInWithoutPassword"),
                        Retention.ACCOUNT, 0, 0),
                new Kind("removedDevices", "DeviceTombstone", "DEVICE-TOMBSTONE#", true,
                        List.of("deviceId", "deletedAt"),
                        Retention.DAYS, days(config, "DEVICE_TOMBSTONE_DAYS", 365), 0),
                // The portal's bookkeeping in the partition is the person's data too (SECURITY.md: the
                // export holds every item). Each lives a day or less and expires by time to live, which
                // DynamoDB carries out within about two days; never the code's keyed hash, nor a kept answer.
                new Kind("pendingCodes", "Challenge", "CHALLENGE#", true,
                        List.of("destination", "attempts", "expiresAt"),
                        Retention.DAYS, BOOKKEEPING_DAYS, 0),
                new Kind("codesSent", "CodeSendCount", "SENDS#", true,
                        List.of("sendCount", "expiresAt"),
                        Retention.DAYS, BOOKKEEPING_DAYS, 0),
                new Kind("changeCounts", "RateLimit", "RATE#", true,
                        List.of("hits", "expiresAt"),
                        Retention.DAYS, BOOKKEEPING_DAYS, 0),
                new Kind("repeatedRequests", "Idempotency", "IDEMPOTENCY#", true,
                        List.of("status", "location", "expiresAt"),
                        Retention.DAYS, BOOKKEEPING_DAYS + 1, 0),
                new Kind("deviceListVersion", "DeviceSet", "DEVICE-SET", false,
                        List.of("version"),
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

package dev.myprofile.shared.dynamodb;

import dev.myprofile.shared.dynamodb.ItemKind.Closing;
import dev.myprofile.shared.dynamodb.ItemKind.Partition;
import dev.myprofile.shared.dynamodb.ItemKind.Retention;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The registry of the table's item kinds: nobody else spells a key prefix or an {@code entity}. Each
 * module's mapping class ({@code DeviceItems}, {@code MethodItems}, {@code MembershipItems}…) builds its
 * keys from its own kind here; the Privacy page ({@code PortalData}), "download my data"
 * ({@code DataExport}) and "close my account" ({@code AccountClosing}) read the list instead of
 * repeating it. A user's partition ({@code USER#<issuer>#<subject>}) holds the kinds of
 * {@link #inUserPartition()}; an item there of no kind is still exported, as it is, and deleted on closing.
 */
public final class ItemKinds {
    private static final String LAYER = "layer";

    public static final ItemKind PROFILE = user("profile", "Profile", "PROFILE", "profile", Retention.ACCOUNT,
            List.of("displayName", "email", "phone", "jobTitle", "preferredLanguage", "homeOrganizationId",
                    "createdAt", "updatedAt"));
    public static final ItemKind DEVICES = user("devices", "Device", "DEVICE#", "devices", Retention.INACTIVITY,
            List.of("deviceId", "displayName", "operatingSystem", "operatingSystemVersion", "trustType",
                    "registeredAt", "lastActiveAt", "state", "disabledAt", "disabledBy"));
    public static final ItemKind ACTIVITY = user("activity", "Activity", "ACTIVITY#", LAYER, Retention.DAYS,
            List.of("at", "operation", "subjectType", "subjectId", "subjectName", "deviceId", "deviceName",
                    "actor", "sourceIp", "userAgent"));
    public static final ItemKind MEMBERSHIPS = user("memberships", "Membership", "MEMBERSHIP#", "organizations",
            Retention.AFTER_LEAVING, List.of("organizationId", "role", "joinedAt", "leftAt"));
    /** The not-before time ("sign out everywhere"): kept through a closing until every token has expired. */
    public static final ItemKind SIGN_OUT = new ItemKind("signOut", "SignOut", "SIGN-OUT", false, LAYER, Partition.USER,
            Retention.ACCOUNT, List.of("notBefore"), Closing.EXPIRE);
    /** The password's last change here: under the methods' prefix, the most specific kind holds it. */
    public static final ItemKind PASSWORD = user("password", "Password", "METHOD#PASSWORD", "security-info",
            Retention.ACCOUNT, List.of("changedAt"));
    public static final ItemKind SECURITY_METHODS = user("securityMethods", "SecurityMethod", "METHOD#", "security-info",
            Retention.ACCOUNT, List.of("methodType", "displayName", "addedAt", "passkeyId", "signsInWithoutPassword"));
    public static final ItemKind REMOVED_DEVICES = user("removedDevices", "DeviceTombstone", "DEVICE-TOMBSTONE#", "devices",
            Retention.DAYS, List.of("deviceId", "deletedAt"));
    // The portal's bookkeeping in the partition is the person's data too (SECURITY.md: the export holds
    // every item). Each lives a day or less and expires by time to live; never a code's keyed hash, nor a
    // kept answer.
    public static final ItemKind PENDING_CODES = user("pendingCodes", "Challenge", "CHALLENGE#", "security-info",
            Retention.DAYS, List.of("destination", "attempts", "expiresAt"));
    public static final ItemKind CODES_SENT = user("codesSent", "CodeSendCount", "SENDS#", "security-info",
            Retention.DAYS, List.of("sendCount", "expiresAt"));
    public static final ItemKind CHANGE_COUNTS = user("changeCounts", "RateLimit", "RATE#", LAYER,
            Retention.DAYS, List.of("hits", "expiresAt"));
    public static final ItemKind REPEATED_REQUESTS = user("repeatedRequests", "Idempotency", "IDEMPOTENCY#", "security-info",
            Retention.DAYS, List.of("status", "location", "expiresAt"));
    /** Sorts right after every {@code DEVICE#} key ('-' after '#'), so one query reads the devices and the set. */
    public static final ItemKind DEVICE_SET = user("deviceListVersion", "DeviceSet", "DEVICE-SET", "devices",
            Retention.ACCOUNT, List.of("version"));

    /** Under {@link #SECURITY_METHODS}: a method that can be a second step (what step-up asks about). */
    public static final String MFA_METHOD_PREFIX = SECURITY_METHODS.sortKey("MFA#");
    /** Under {@link #SECURITY_METHODS}: a passkey (never a second step with Cognito, so not under {@link #MFA_METHOD_PREFIX}). */
    public static final String PASSKEY_PREFIX = SECURITY_METHODS.sortKey("PASSKEY#");

    // Outside any user's partition: nothing to export or close.
    /** An organization's directory entry, {@code ORG} in the partition {@code ORG#<id>} (an administrator's). */
    public static final ItemKind ORGANIZATION = own("organization", "Organization", "ORG", "organizations", Retention.KEPT);
    /** A closing not finished yet: {@code pk = CLOSING}, {@code sk} = the user's partition. */
    public static final ItemKind CLOSING_ACCOUNT = own("closingAccount", "ClosingAccount", "USER#", "sessions", Retention.KEPT);
    /** The stale-device cleanup's checkpoint. */
    public static final ItemKind CLEANUP_CHECKPOINT = own("cleanupCheckpoint", "CleanupCheckpoint", "CHECKPOINT", "devices", Retention.KEPT);
    /** When a code was last sent to a phone number or address: {@code SEND} in the partition {@code DESTINATION#<hash>}. */
    public static final ItemKind DESTINATION_SEND = own("destinationSend", "DestinationSend", "SEND", "security-info", Retention.DAYS);

    /** The partition key of {@link #ORGANIZATION}'s items, before the escaped organization id. */
    public static final String ORGANIZATION_PARTITION = "ORG#";
    /** The partition key of {@link #CLOSING_ACCOUNT}'s items. */
    public static final String CLOSING_PARTITION = "CLOSING";
    /** The partition key of {@link #CLEANUP_CHECKPOINT}'s item. */
    public static final String CLEANUP_PARTITION = "CLEANUP";
    /** The partition key of {@link #DESTINATION_SEND}'s items, before the destination's key. */
    public static final String DESTINATION_PARTITION = "DESTINATION#";

    private static final List<ItemKind> USER = List.of(PROFILE, DEVICES, ACTIVITY, MEMBERSHIPS, SIGN_OUT, PASSWORD,
            SECURITY_METHODS, REMOVED_DEVICES, PENDING_CODES, CODES_SENT, CHANGE_COUNTS, REPEATED_REQUESTS, DEVICE_SET);
    private static final List<ItemKind> ALL = List.of(PROFILE, DEVICES, ACTIVITY, MEMBERSHIPS, SIGN_OUT, PASSWORD,
            SECURITY_METHODS, REMOVED_DEVICES, PENDING_CODES, CODES_SENT, CHANGE_COUNTS, REPEATED_REQUESTS, DEVICE_SET,
            ORGANIZATION, CLOSING_ACCOUNT, CLEANUP_CHECKPOINT, DESTINATION_SEND);

    private ItemKinds() {}

    private static ItemKind user(String id, String entity, String sortKey, String owner, Retention retention, List<String> exported) {
        return new ItemKind(id, entity, sortKey, sortKey.endsWith("#"), owner, Partition.USER, retention, exported, Closing.DELETE);
    }

    private static ItemKind own(String id, String entity, String sortKey, String owner, Retention retention) {
        return new ItemKind(id, entity, sortKey, sortKey.endsWith("#"), owner, Partition.OWN, retention, List.of(), Closing.NONE);
    }

    /** Every kind of a user's partition, in the order the Privacy page lists them. */
    public static List<ItemKind> inUserPartition() {
        return USER;
    }

    /** Every kind of the table. */
    public static List<ItemKind> all() {
        return ALL;
    }

    /** The kind of an item of a user's partition: the most specific one holding its sort key (the password's key shares the methods' prefix). */
    public static Optional<ItemKind> of(String sortKey) {
        return of(sortKey, USER);
    }

    /** The most specific of {@code kinds} holding {@code sortKey}. */
    public static Optional<ItemKind> of(String sortKey, List<ItemKind> kinds) {
        return kinds.stream().filter(kind -> kind.holds(sortKey))
                .max(Comparator.comparingInt((ItemKind kind) -> kind.sortKey().length()));
    }
}

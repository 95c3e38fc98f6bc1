package dev.myprofile.organizations.model;

import dev.myprofile.shared.activity.ActivityLog;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.dynamodb.ItemKind;
import dev.myprofile.shared.dynamodb.ItemKinds;

import java.util.List;

/**
 * What the portal itself stores about a user, and for how long: the Privacy page's list (the web app
 * names each kind in the reader's language, and takes every period from here). The kinds, their keys,
 * exported fields and retention rules are the layer's registry ({@link ItemKinds#inUserPartition()});
 * this class adds only the periods, some of which are configured.
 */
public final class PortalData {

    /**
     * One kind of item with its periods: {@code days} for {@code DAYS} and {@code INACTIVITY} (disabled
     * after so many days without a sign-in), {@code afterDays} for {@code AFTER_LEAVING} and
     * {@code INACTIVITY} (deleted so many days later); 0 where the retention has no such period.
     */
    public record Kind(ItemKind item, long days, long afterDays) {
        public String id() { return item.id(); }
        public String entity() { return item.entity(); }
        public String sortKey() { return item.sortKey(); }
        public boolean many() { return item.many(); }
        public List<String> fields() { return item.exported(); }
        public ItemKind.Retention retention() { return item.retention(); }

        public boolean holds(String itemSortKey) {
            return item.holds(itemSortKey);
        }
    }

    /** A day at most, plus the time DynamoDB's time to live may take to delete an expired item. */
    private static final long BOOKKEEPING_DAYS = 2;

    private PortalData() {}

    /** @param config where the devices' periods come from ({@code STALE_AFTER_DAYS}, {@code DELETE_AFTER_DAYS}, {@code DEVICE_TOMBSTONE_DAYS}) */
    public static List<Kind> kinds(Config config) {
        long staleAfterDays = days(config, "STALE_AFTER_DAYS", 90);
        long deleteAfterDays = days(config, "DELETE_AFTER_DAYS", 30);
        long tombstoneDays = days(config, "DEVICE_TOMBSTONE_DAYS", 365);
        return ItemKinds.inUserPartition().stream().map(item -> {
            if (item == ItemKinds.DEVICES) {
                return new Kind(item, staleAfterDays, deleteAfterDays);
            } else if (item == ItemKinds.ACTIVITY) {
                return new Kind(item, ActivityLog.RETENTION.toDays(), 0);
            } else if (item == ItemKinds.MEMBERSHIPS) {
                return new Kind(item, 0, Membership.TOMBSTONE_DAYS);
            } else if (item == ItemKinds.REMOVED_DEVICES) {
                return new Kind(item, tombstoneDays, 0);
            } else if (item == ItemKinds.REPEATED_REQUESTS) {
                return new Kind(item, BOOKKEEPING_DAYS + 1, 0);
            } else if (item.retention() == ItemKind.Retention.DAYS) {
                // The portal's bookkeeping (codes being checked, send and change counts): a day or less.
                return new Kind(item, BOOKKEEPING_DAYS, 0);
            }
            return new Kind(item, 0, 0);
        }).toList();
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

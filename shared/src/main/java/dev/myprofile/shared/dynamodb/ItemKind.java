package dev.myprofile.shared.dynamodb;

import java.util.List;

/**
 * One kind of item of the portal's table: the one place its key, its owner, how long it lives and
 * what "download my data" and "close my account" do with it are written down ({@link ItemKinds} holds
 * them all). The owning module builds its keys from its kind ({@link #sortKey()}, {@link #sortKey(String)})
 * and writes {@link #entity()} into each item, so a key that drifts from the registry fails to compile
 * rather than leaving an item that no export or closing knows.
 *
 * @param id        the kind's name in the export and on the Privacy page ({@code devices}, {@code signOut}…)
 * @param entity    the item's {@code entity} attribute
 * @param sortKey   the sort key, or its prefix when {@code many} (ending in '#')
 * @param many      whether a partition holds many of this kind (then {@code sortKey} is a prefix)
 * @param owner     the module that writes it: {@code layer}, {@code profile}, {@code devices}, …
 * @param partition whose partition it lives in
 * @param retention how long it is kept
 * @param exported  the attributes "download my data" shows (only these: a secret added to an item later is
 *                  never exported by accident); empty for kinds outside a user's partition
 * @param closing   what closing the account does with it
 */
public record ItemKind(String id, String entity, String sortKey, boolean many, String owner, Partition partition,
                       Retention retention, List<String> exported, Closing closing) {

    /** Where a kind lives: in the user's partition ({@link UserKey}), or in a partition of its own. */
    public enum Partition { USER, OWN }

    /**
     * How long a kind is kept: {@code ACCOUNT} until the account is closed; {@code DAYS} a number of days
     * after it was written, by time to live; {@code AFTER_LEAVING} a number of days after the person
     * left, by time to live; {@code INACTIVITY} disabled and then deleted by the stale-device cleanup;
     * {@code KEPT} until its owner deletes it (kinds outside a user's partition).
     */
    public enum Retention {
        ACCOUNT, DAYS, AFTER_LEAVING, INACTIVITY, KEPT;

        /** Whether DynamoDB's time to live removes such items (lazily: they must be ignored on read once expired). */
        public boolean byTimeToLive() {
            return this == DAYS || this == AFTER_LEAVING;
        }
    }

    /**
     * What closing an account does with a kind: {@code DELETE} it with the partition; {@code EXPIRE} it
     * last, given a time to live that outlives every access token (the sign-out time); {@code NONE} for
     * kinds outside the user's partition.
     */
    public enum Closing { DELETE, EXPIRE, NONE }

    public ItemKind {
        exported = List.copyOf(exported);
        if (many != sortKey.endsWith("#")) {
            throw new IllegalArgumentException(id + ": a kind of many has a prefix ending in '#', a single kind an exact key");
        }
        if ((partition == Partition.USER) == (closing == Closing.NONE)) {
            throw new IllegalArgumentException(id + ": closing applies to every kind of a user's partition and to no other");
        }
    }

    /** Whether an item with this sort key is of this kind (or of a more specific kind under its prefix: see {@link ItemKinds#of}). */
    public boolean holds(String itemSortKey) {
        return many ? itemSortKey.startsWith(sortKey) : itemSortKey.equals(sortKey);
    }

    /** The sort key of one item of a kind of many: the prefix and {@code rest}, as given (escape it first where it is free text). */
    public String sortKey(String rest) {
        if (!many) {
            throw new IllegalStateException(id + " is a single item: its sort key is " + sortKey);
        }
        return sortKey + rest;
    }

    /** The part of an item's sort key after this kind's prefix. */
    public String rest(String itemSortKey) {
        if (!many || !itemSortKey.startsWith(sortKey)) {
            throw new IllegalArgumentException(itemSortKey + " is not an item of " + id);
        }
        return itemSortKey.substring(sortKey.length());
    }
}

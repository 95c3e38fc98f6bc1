package dev.myprofile.shared.dynamodb;

/**
 * Single-table key names and the one escaping rule for values built into keys. Everything of one
 * user shares the partition {@link UserKey}; each feature module names its own sort keys.
 */
public final class Keys {
    public static final String PK = "pk";
    public static final String SK = "sk";

    private Keys() {}

    /** '%' and '#' escaped, so a value can never reach into the next part of a composite key. */
    public static String escape(String value) {
        return value.replace("%", "%25").replace("#", "%23");
    }
}

package dev.myprofile.shared.store;

/**
 * Single-table keys. Everything of one user shares the partition {@code USER#<issuer>#<subject>}, so a
 * page loads with one request; directory entries live in partitions of their own. The key is built
 * only from a validated token's issuer and subject ('%' and '#' escaped so no two users can collide).
 */
public final class Keys {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String PROFILE = "PROFILE";
    public static final String ORGANIZATION = "ORG";

    private Keys() {}

    public static String user(String issuer, String subject) {
        return "USER#" + escape(issuer) + "#" + escape(subject);
    }

    public static String organization(String organizationId) {
        return "ORG#" + escape(organizationId);
    }

    private static String escape(String value) {
        return value.replace("%", "%25").replace("#", "%23");
    }
}

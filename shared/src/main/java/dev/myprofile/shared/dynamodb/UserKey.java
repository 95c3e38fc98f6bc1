package dev.myprofile.shared.dynamodb;

/**
 * The partition every item of one user lives in: {@code USER#<issuer>#<subject>}. It is built only
 * from a validated token's issuer and subject (see {@code Caller.userKey()}), never from a path or a
 * body, so no request can name another user's partition.
 */
public record UserKey(String partition) {

    public static UserKey of(String issuer, String subject) {
        return new UserKey("USER#" + Keys.escape(issuer) + "#" + Keys.escape(subject));
    }

    @Override
    public String toString() {
        return partition;
    }

    // Written out: a record's generated equals and hashCode bootstrap method handles on first use
    // (dozens of java.lang.invoke classes), and a user key is hashed on every cold request path.
    @Override
    public boolean equals(Object other) {
        return other instanceof UserKey key && partition.equals(key.partition);
    }

    @Override
    public int hashCode() {
        return partition.hashCode();
    }
}

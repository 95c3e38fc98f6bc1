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
}

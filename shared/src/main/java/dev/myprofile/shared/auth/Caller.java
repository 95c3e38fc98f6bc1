package dev.myprofile.shared.auth;

import dev.myprofile.shared.dynamodb.UserKey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, as a validated access token says. A user is identified by issuer + subject, never
 * by anything in the request's path or body. {@code username} is Cognito's {@code username} claim, the pool's own name for
 * the user in its admin operations, read by the validator with the other claims so that no handler
 * decodes the token again. {@code deviceId} is the device the token was issued to,
 * when the provider says (Entra ID's {@code deviceid} claim). {@code scopes} are what the token was
 * granted ({@code scope}, RFC 9068 and Cognito; {@code scp}, Entra ID): they tell one client's token
 * from another's.
 */
public record Caller(
        String issuer,
        String subject,
        Instant issuedAt,
        Optional<Instant> authTime,
        List<String> authenticationMethods,
        Optional<String> deviceId,
        StandardClaims claims,
        Set<String> scopes,
        Optional<String> username) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** A caller whose token names no sign-in-service user name. */
    public Caller(String issuer, String subject, Instant issuedAt, Optional<Instant> authTime, List<String> authenticationMethods,
                  Optional<String> deviceId, StandardClaims claims, Set<String> scopes) {
        this(issuer, subject, issuedAt, authTime, authenticationMethods, deviceId, claims, scopes, Optional.empty());
    }

    /** The caller's partition: every store a handler calls is given this, never a key of its own making. */
    public UserKey userKey() {
        return UserKey.of(issuer, subject);
    }

    /** The OpenID Connect standard claims a first request builds the profile from. */
    public record StandardClaims(
            Optional<String> name,
            Optional<String> email,
            Optional<String> phoneNumber,
            Optional<String> locale,
            Optional<String> organizationId) {

        public static StandardClaims none() {
            return new StandardClaims(Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }
    }
}

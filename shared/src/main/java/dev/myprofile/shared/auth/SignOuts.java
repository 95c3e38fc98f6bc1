package dev.myprofile.shared.auth;

import dev.myprofile.shared.dynamodb.UserKey;

import java.time.Instant;
import java.util.Optional;

/**
 * "Sign out everywhere": per user, the time before which no access token is accepted any more. The
 * pipeline reads it on every route ({@link SignOutCheck}); the only writer is the sign-out operation.
 */
public interface SignOuts {

    /** Tokens issued before this instant are refused; empty when the user never signed out everywhere. */
    Optional<Instant> notBefore(UserKey user);

    /** Refuses every token issued before {@code notBefore}; the time never moves backwards. */
    void signOutEverywhere(UserKey user, Instant notBefore);
}

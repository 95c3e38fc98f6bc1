package dev.myprofile.securityinfo.store;

import dev.myprofile.shared.dynamodb.UserKey;

import java.time.Instant;
import java.util.Optional;

/**
 * The first answers of POSTs sent with an {@code Idempotency-Key}, in the user's own partition (so a
 * stored answer only ever goes back to the person it was first given to), kept for a day. A request
 * first claims its key; only the request holding the claim does the work, and then stores its answer.
 */
public interface IdempotencyStore {

    /** The answer to give again: status, body, and the Location it had, if any. */
    record Answer(int status, String body, Optional<String> location) {}

    sealed interface Claim {
        /** Nobody used this key yet: do the work, then {@link #complete} or {@link #release}. */
        record Claimed() implements Claim {}
        /** The key was used and answered: give this answer again and do nothing else. */
        record Answered(Answer answer) implements Claim {}
        /** Another request with this key is still being worked on. */
        record InProgress() implements Claim {}
    }

    Claim claim(UserKey user, String scope, String key, Instant now);

    /** Keeps the answer for the claimed key. */
    void complete(UserKey user, String scope, String key, Answer answer, Instant now);

    /** Lets the key go after the work failed, so the same request may be tried again. */
    void release(UserKey user, String scope, String key, Instant now);
}

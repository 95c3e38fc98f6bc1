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
        /**
         * The key was used and answered: give this answer again and do nothing else — if the request is
         * the one answered ({@code fingerprint}: empty for a route that keeps none, or a record from before
         * fingerprints were kept).
         */
        record Answered(Answer answer, Optional<String> fingerprint) implements Claim {}
        /** Another request with this key is still being worked on ({@code fingerprint}: that request's). */
        record InProgress(Optional<String> fingerprint) implements Claim {}
    }

    /**
     * Claims the key for the request whose fingerprint is {@code fingerprint} (a digest of the route and
     * the body; empty when the route keeps none), kept with the claim and then with the answer.
     */
    Claim claim(UserKey user, String scope, String key, Optional<String> fingerprint, Instant now);

    /** Keeps the answer for the claimed key, with the fingerprint of the request it answers. */
    void complete(UserKey user, String scope, String key, Optional<String> fingerprint, Answer answer, Instant now);

    /** Lets the key go after the work failed, so the same request may be tried again. */
    void release(UserKey user, String scope, String key, Instant now);
}

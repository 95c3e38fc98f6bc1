package dev.myprofile.securityinfo.store;

import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.shared.dynamodb.UserKey;

import java.time.Instant;
import java.util.Optional;

/**
 * Our own verification codes while they live (10 minutes): the keyed hash, never the code; the
 * destination being verified; the wrong tries so far. Sending is rate-limited per destination and per
 * user (a repeated Idempotency-Key is answered before this, by {@link IdempotencyStore}).
 */
public interface ChallengeStore {

    record Challenge(MethodType kind, String destination, String codeHash, Instant expiresAt, int attempts) {}

    /** What a send was allowed to do. */
    sealed interface SendResult {
        /** The challenge is stored and the send counted: now send the message. */
        record Allowed() implements SendResult {}
        /** Too soon for this destination, or too many sends for this user. */
        record Limited(long retryAfterSeconds, String why) implements SendResult {}
    }

    /**
     * Stores a new challenge (replacing any earlier one of its kind) if the rate limits allow it — all
     * or nothing.
     */
    SendResult startSend(UserKey user, Challenge challenge, String destinationKey, Instant now);

    Optional<Challenge> read(UserKey user, MethodType kind);

    /** What a try found, counted before its code is compared. */
    sealed interface Attempt {
        /** This try is counted (it is {@code challenge.attempts()}); now compare its code. */
        record Counted(Challenge challenge) implements Attempt {}
        /** No live challenge: expired, used, or never sent. */
        record Missing() implements Attempt {}
        /** Every try is used up: the code is not compared at all. */
        record Exhausted() implements Attempt {}
    }

    /**
     * Counts a try of the live challenge of {@code kind}, if fewer than {@code maxAttempts} were
     * counted, in one conditional write: however requests interleave, at most {@code maxAttempts}
     * codes are ever compared with a challenge's.
     */
    Attempt attempt(UserKey user, MethodType kind, int maxAttempts, Instant now);

    /** Accepts the code once: false when another request took it first. */
    boolean consume(UserKey user, MethodType kind, String codeHash);
}

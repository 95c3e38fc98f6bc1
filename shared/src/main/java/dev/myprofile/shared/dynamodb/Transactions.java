package dev.myprofile.shared.dynamodb;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.List;

/**
 * What every store needs around DynamoDB's multi-item requests, written once: which action of a
 * cancelled transaction failed its condition, and a bounded exponential back-off for the retries the
 * SDK cannot make for us (a transaction conflict, keys a batch left unprocessed).
 */
public final class Transactions {
    public static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private Transactions() {}

    /** The cancellation reason of the action at {@code index}, or null when DynamoDB named none. */
    public static String reason(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        return reasons.size() > index ? reasons.get(index).code() : null;
    }

    /** Whether the action at {@code index} was cancelled because its condition did not hold. */
    public static boolean conditionFailed(TransactionCanceledException e, int index) {
        return CONDITION_FAILED.equals(reason(e, index));
    }

    /**
     * Waits before retry {@code attempt + 1} (25 ms doubling, at most 2 s); throws {@code giveUp} when
     * {@code attempts} tries have been made.
     */
    public static void backOff(int attempt, int attempts, RuntimeException giveUp) {
        if (attempt + 1 >= attempts) {
            throw giveUp;
        }
        try {
            Thread.sleep(Math.min(2_000, 25L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("interrupted while retrying", e);
        }
    }
}

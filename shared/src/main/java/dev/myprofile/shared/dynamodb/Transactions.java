package dev.myprofile.shared.dynamodb;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.List;
import java.util.Set;

/**
 * What every store needs around DynamoDB's multi-item requests, written once: which action of a
 * cancelled transaction failed its condition, why a transaction was cancelled, a transaction retried
 * while it loses only to conflicts or throttling (which the SDK does not retry), and a bounded
 * exponential back-off for the retries the SDK cannot make for us (keys a batch left unprocessed).
 */
public final class Transactions {
    public static final String CONDITION_FAILED = "ConditionalCheckFailed";
    public static final String CONFLICT = "TransactionConflict";
    /** Cancellation reasons that say a limit was reached for the moment. */
    private static final Set<String> THROTTLING = Set.of("ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded");
    /** How often {@link #write} tries a transaction that keeps losing to conflicts or throttling. */
    public static final int ATTEMPTS = 5;

    private Transactions() {}

    /** Why a transaction was cancelled, as far as a caller can act on it. */
    public enum Cancellation {
        /** An action's condition did not hold: the caller reads which, and answers for it. */
        CONDITION_FAILED,
        /** Another request changed an item at the same moment: trying again may succeed. */
        CONFLICT,
        /** Throughput or request limits: trying again after a pause may succeed. */
        THROTTLED,
        /** Anything else (a request DynamoDB refused, a full item collection): trying again will not help. */
        REJECTED
    }

    /** The cancellation reason of the action at {@code index}, or null when DynamoDB named none. */
    public static String reason(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = reasons(e);
        return reasons.size() > index ? reasons.get(index).code() : null;
    }

    private static List<CancellationReason> reasons(TransactionCanceledException e) {
        return e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
    }

    /** Whether the action at {@code index} was cancelled because its condition did not hold. */
    public static boolean conditionFailed(TransactionCanceledException e, int index) {
        return CONDITION_FAILED.equals(reason(e, index));
    }

    /**
     * The cancellation as a whole: a failed condition decides it; otherwise a reason that no retry
     * meets; otherwise a conflict; otherwise throttling. Actions that were not at fault say "None".
     */
    public static Cancellation cancellation(TransactionCanceledException e) {
        boolean conflict = false;
        boolean throttled = false;
        boolean rejected = false;
        for (CancellationReason reason : reasons(e)) {
            String code = reason.code();
            if (CONDITION_FAILED.equals(code)) {
                return Cancellation.CONDITION_FAILED;
            } else if (CONFLICT.equals(code)) {
                conflict = true;
            } else if (THROTTLING.contains(code)) {
                throttled = true;
            } else if (code != null && !code.equals("None")) {
                rejected = true;
            }
        }
        if (rejected || (!conflict && !throttled)) {
            return Cancellation.REJECTED;
        }
        return conflict ? Cancellation.CONFLICT : Cancellation.THROTTLED;
    }

    /**
     * Runs a transaction, trying it again with back-off while DynamoDB cancels it only for conflicts
     * or throttling, {@link #ATTEMPTS} tries at most. Any other cancellation, or one that persists,
     * is thrown: a failed condition for the caller to answer, the rest for the pipeline (409 for a
     * conflict, 503 otherwise). Nothing of a cancelled transaction was written.
     */
    public static void write(DynamoDbClient dynamo, List<TransactWriteItem> items) {
        for (int attempt = 0; ; attempt++) {
            try {
                dynamo.transactWriteItems(r -> r.transactItems(items));
                return;
            } catch (TransactionCanceledException e) {
                Cancellation why = cancellation(e);
                if (why != Cancellation.CONFLICT && why != Cancellation.THROTTLED) {
                    throw e;
                }
                backOff(attempt, ATTEMPTS, e);
            }
        }
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

package dev.myprofile.devices.cleanup;

import dev.myprofile.devices.cleanup.CleanupStore.CandidatePage;
import dev.myprofile.devices.cleanup.CleanupStore.Checkpoint;
import dev.myprofile.devices.cleanup.CleanupStore.Outcome;
import dev.myprofile.devices.cleanup.CleanupStore.Phase;
import dev.myprofile.devices.store.dynamodb.DeviceItems;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One run of the stale-device cleanup: shard by shard, first disable enabled devices inactive longer
 * than the stale threshold, then delete devices disabled longer than the grace period. It reads only
 * candidates (through the staleness index), writes only with conditions, and saves its place after
 * every page, so it is idempotent (a second run changes nothing), safe when the schedule fires twice,
 * and resumable: it stops while time remains and the next invocation carries on with the same cutoffs.
 */
public final class DeviceCleanup {

    /** What one invocation did; {@code total*} adds up the whole run across resumed invocations. */
    public record Report(String runId, String status, boolean dryRun,
                         long examined, long disabled, long deleted, long skipped,
                         long totalExamined, long totalDisabled, long totalDeleted, long totalSkipped) {}

    private final CleanupStore store;
    private final CleanupSettings settings;
    private final Clock clock;

    public DeviceCleanup(CleanupStore store, CleanupSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param runId           the schedule's event id: a second delivery of the same event does nothing
     * @param resumeOnly      only carry on an unfinished run (the frequent "resume" schedule)
     * @param remainingMillis the invocation's remaining time
     */
    public Report run(String runId, boolean dryRun, boolean resumeOnly, LongSupplier remainingMillis) {
        boolean dry = dryRun || settings.dryRun();
        Optional<Checkpoint> saved = dry ? Optional.empty() : store.checkpoint();
        Checkpoint at;
        if (saved.isPresent() && !saved.get().complete()) {
            at = saved.get();
        } else if (resumeOnly) {
            return empty(runId, "nothing-to-resume", dry);
        } else if (saved.isPresent() && saved.get().runId().equals(runId)) {
            return empty(runId, "already-complete", dry);
        } else {
            Instant now = clock.instant();
            at = new Checkpoint(runId, false, now, now.minus(settings.staleAfter()), now.minus(settings.deleteAfter()),
                    Phase.DISABLE, 0, Optional.empty(), 0, 0, 0, 0);
        }

        long examined = 0;
        long disabled = 0;
        long deleted = 0;
        long skipped = 0;
        while (true) {
            Instant cutoff = at.phase() == Phase.DISABLE ? at.staleCutoff() : at.deleteCutoff();
            CandidatePage page = store.candidates(at.phase(), at.shard(), cutoff, at.next(), settings.pageSize());
            Outcome outcome;
            if (dry) {
                outcome = new Outcome(page.candidates().size(), 0);
            } else if (at.phase() == Phase.DISABLE) {
                outcome = store.disable(page.candidates(), at.staleCutoff(), clock.instant());
            } else {
                Instant now = clock.instant();
                outcome = store.delete(page.candidates(), at.deleteCutoff(), now, now.plus(settings.tombstoneFor()));
            }
            examined += page.candidates().size();
            skipped += outcome.skipped();
            if (at.phase() == Phase.DISABLE) {
                disabled += outcome.changed();
            } else {
                deleted += outcome.changed();
            }
            at = advance(at, page, page.candidates().size(), outcome);
            if (!dry) {
                store.save(at);
            }
            if (at.complete()) {
                return report(at, "complete", dry, examined, disabled, deleted, skipped);
            }
            if (remainingMillis.getAsLong() < settings.timeMargin().toMillis()) {
                return report(at, dry ? "stopped" : "checkpointed", dry, examined, disabled, deleted, skipped);
            }
        }
    }

    private static Checkpoint advance(Checkpoint at, CandidatePage page, int examined, Outcome outcome) {
        Phase phase = at.phase();
        int shard = at.shard();
        Optional<String> next = page.next();
        boolean complete = false;
        if (next.isEmpty()) {
            shard++;
            if (shard == DeviceItems.SHARDS) {
                shard = 0;
                if (phase == Phase.DISABLE) {
                    phase = Phase.DELETE;
                } else {
                    complete = true;
                }
            }
        }
        boolean disabling = at.phase() == Phase.DISABLE;
        return new Checkpoint(at.runId(), complete, at.startedAt(), at.staleCutoff(), at.deleteCutoff(), phase, shard, next,
                at.examined() + examined,
                at.disabled() + (disabling ? outcome.changed() : 0),
                at.deleted() + (disabling ? 0 : outcome.changed()),
                at.skipped() + outcome.skipped());
    }

    private static Report report(Checkpoint at, String status, boolean dry, long examined, long disabled, long deleted, long skipped) {
        return new Report(at.runId(), status, dry, examined, disabled, deleted, skipped,
                at.examined(), at.disabled(), at.deleted(), at.skipped());
    }

    private static Report empty(String runId, String status, boolean dry) {
        return new Report(runId, status, dry, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}

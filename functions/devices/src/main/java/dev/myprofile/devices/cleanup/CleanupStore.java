package dev.myprofile.devices.cleanup;

import dev.myprofile.shared.dynamodb.UserKey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the cleanup reads and writes: candidates from the staleness index, conditional changes, its checkpoint. */
public interface CleanupStore {

    enum Phase { DISABLE, DELETE }

    /** A device the index names as a candidate: its keys, and its name for the user's activity entry. */
    record Candidate(UserKey user, String deviceId, String displayName) {}

    /** A page of candidates and, when the shard has more, where the next page starts (opaque). */
    record CandidatePage(List<Candidate> candidates, Optional<String> next) {}

    /** Devices of one shard whose index time is before {@code cutoff}: enabled ones to disable, disabled ones to delete. */
    CandidatePage candidates(Phase phase, int shard, Instant cutoff, Optional<String> after, int limit);

    record Outcome(int changed, int skipped) {}

    /**
     * Changes each candidate only if it still qualifies when written (a device active since the index
     * was read is left alone), with an activity entry for its user in the same transaction.
     */
    Outcome disable(List<Candidate> candidates, Instant staleCutoff, Instant now);

    /** Deleting also leaves each device's tombstone, standing until {@code tombstoneUntil}. */
    Outcome delete(List<Candidate> candidates, Instant deleteCutoff, Instant now, Instant tombstoneUntil);

    Optional<Checkpoint> checkpoint();

    void save(Checkpoint checkpoint);

    /** Where a run is, so a run cut short carries on with the same cutoffs from the same place. */
    record Checkpoint(String runId, boolean complete, Instant startedAt, Instant staleCutoff, Instant deleteCutoff,
                      Phase phase, int shard, Optional<String> next,
                      long examined, long disabled, long deleted, long skipped) {}
}

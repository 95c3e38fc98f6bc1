package dev.myprofile.cleanup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the cleanup reads and writes: candidates from the staleness index, conditional changes, its checkpoint. */
public interface CleanupStore {

    enum Phase { DISABLE, DELETE }

    /** A device the index names as a candidate: its keys, and its name for the user's activity entry. */
    record Candidate(String userKey, String deviceId, String displayName, int shard) {}

    record CandidatePage(List<Candidate> candidates, Optional<Map<String, String>> next) {}

    /** Devices of one shard whose index time is before {@code cutoff}: enabled ones to disable, disabled ones to delete. */
    CandidatePage candidates(Phase phase, int shard, Instant cutoff, Optional<Map<String, String>> start, int limit);

    record Outcome(int changed, int skipped) {}

    /**
     * Changes each candidate only if it still qualifies when written (a device active since the index
     * was read is left alone), with an activity entry for its user in the same transaction.
     */
    Outcome disable(List<Candidate> candidates, Instant staleCutoff, Instant now);

    Outcome delete(List<Candidate> candidates, Instant deleteCutoff, Instant now);

    Optional<Checkpoint> checkpoint();

    void save(Checkpoint checkpoint);

    /** Where a run is, so a run cut short carries on with the same cutoffs from the same place. */
    record Checkpoint(String runId, boolean complete, Instant startedAt, Instant staleCutoff, Instant deleteCutoff,
                      Phase phase, int shard, Optional<Map<String, String>> next,
                      long examined, long disabled, long deleted, long skipped) {}
}

package dev.myprofile.shared.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A user's security history, newest first. Entries past their retention are never returned. */
public interface ActivityLog {

    record Page(List<ActivityEntry> entries, Optional<String> next) {}

    /** @throws InvalidContinuation when {@code after} is not a token of this log */
    Page list(String userKey, int limit, Optional<String> after, Instant now);
}

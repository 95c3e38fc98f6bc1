package dev.myprofile.shared.domain;

import java.time.Instant;
import java.util.Optional;

/** Where profiles and the organization directory are kept. */
public interface ProfileStore {

    /** A user's profile and one directory entry, read together (one request). */
    record Snapshot(Optional<Profile> profile, Optional<Organization> organization) {}

    Snapshot load(String userKey, Optional<String> organizationId);

    /** Stores {@code initial} unless the user already has a profile; returns the one that is stored. */
    Profile createIfAbsent(String userKey, Profile initial);

    Optional<Organization> organization(String organizationId);

    sealed interface UpdateResult {
        record Updated(Profile profile) implements UpdateResult {}

        record Stale(long currentVersion) implements UpdateResult {}

        record Missing() implements UpdateResult {}

        record SignedOut() implements UpdateResult {}
    }

    /**
     * Applies the changes only if the stored version is {@code expectedVersion} and the caller's
     * token was not revoked; all or nothing.
     */
    UpdateResult update(String userKey, ProfileChanges changes, long expectedVersion, Instant tokenIssuedAt, Instant now);

    void putOrganization(Organization organization);

    void putProfile(String userKey, Profile profile);
}

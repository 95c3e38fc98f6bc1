package dev.myprofile.profile.store;

import dev.myprofile.organizations.model.Organization;
import dev.myprofile.profile.model.Profile;
import dev.myprofile.profile.model.ProfileChanges;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.dynamodb.UserKey;

import java.time.Instant;
import java.util.Optional;

/** Where profiles and the organization directory are kept. */
public interface ProfileStore {

    /** A user's profile and one directory entry, read together (one request). */
    record Snapshot(Optional<Profile> profile, Optional<Organization> organization) {}

    Snapshot load(UserKey user, Optional<String> organizationId);

    /**
     * Stores {@code initial} unless the user already has a profile; returns the one that is stored.
     * Empty, and nothing written, when the person signed out everywhere after {@code tokenIssuedAt}
     * (closing an account starts so): nothing is ever written into a closed account's partition.
     */
    Optional<Profile> createIfAbsent(UserKey user, Profile initial, Instant tokenIssuedAt);

    Optional<Organization> organization(String organizationId);

    sealed interface UpdateResult {
        record Updated(Profile profile) implements UpdateResult {}

        record Stale(long currentVersion) implements UpdateResult {}

        record Missing() implements UpdateResult {}
    }

    /**
     * Applies the changes to {@code current} (the profile as just read) only if the stored version is
     * {@code expectedVersion}, with the user's activity entry ({@code profile.edited}, from
     * {@code origin}) in the same transaction; all or nothing.
     */
    UpdateResult update(UserKey user, Profile current, ProfileChanges changes, long expectedVersion, Instant now, Origin origin);

    void putOrganization(Organization organization);

    void putProfile(UserKey user, Profile profile);
}

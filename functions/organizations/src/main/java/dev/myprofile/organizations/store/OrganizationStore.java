package dev.myprofile.organizations.store;

import dev.myprofile.organizations.model.Affiliations;
import dev.myprofile.organizations.model.Membership;
import dev.myprofile.organizations.model.Organization;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.dynamodb.UserKey;

import java.time.Instant;
import java.util.Optional;

/** Where the organization directory and users' memberships are kept. */
public interface OrganizationStore {

    /**
     * The user's home organization and active guest memberships with their directory entries.
     *
     * @param homeFromToken the token's organization claim; when empty (Cognito tokens carry none) the
     *                      home is the one stored with the profile
     */
    Affiliations affiliations(UserKey user, Optional<String> homeFromToken);

    Optional<Organization> organization(String organizationId);

    /** Writes (or replaces) a directory entry. Administrators only. */
    void putOrganization(Organization organization);

    sealed interface LeaveResult {
        record Left(Membership membership, Optional<Organization> organization) implements LeaveResult {}

        /** Left before: the same answer, nothing written. */
        record AlreadyLeft(Membership membership, Optional<Organization> organization) implements LeaveResult {}

        record Missing() implements LeaveResult {}
    }

    /** Ends a guest membership and records it in the user's activity, in one transaction. */
    LeaveResult leave(UserKey user, String organizationId, Instant now, Origin origin);

    enum AdminResult { ADDED, ALREADY_GUEST, REMOVED, NOT_A_GUEST, NO_SUCH_ORGANIZATION }

    /** Makes the user a guest of a directory organization (an administrator's change, recorded in their activity). */
    AdminResult addGuest(UserKey user, String organizationId, Instant joinedAt, Instant now);

    /** Removes an active guest membership (an administrator's change, recorded in their activity). */
    AdminResult removeGuest(UserKey user, String organizationId, Instant now);
}

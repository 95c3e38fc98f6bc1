package dev.myprofile.organizations.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The organizations a user belongs to: the home one (which owns the account and cannot be left) and
 * those they are an active guest of, each with its directory entry when the directory has one; and
 * the email address and preferred language of the profile, for notifications.
 */
public record Affiliations(Optional<Home> home, List<Guest> guests, Optional<String> email, Optional<String> preferredLanguage) {

    /** The home organization: its id (from the token's claim, or the stored profile), and its entry. */
    public record Home(String organizationId, Optional<Organization> organization, Optional<Instant> joinedAt) {}

    public record Guest(Membership membership, Optional<Organization> organization) {}

    public boolean isHome(String organizationId) {
        return home.map(h -> h.organizationId().equals(organizationId)).orElse(false);
    }
}

package dev.myprofile.organizations.model;

import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.activity.ActivityEntry.Subject;

import java.util.Optional;

/** The activity entries about organizations: their operation names and subject. */
public final class OrganizationActivity {
    /** An administrator made the user a guest of an organization. */
    public static final String ADDED = "organization.added";
    /** The user left an organization they were a guest of. */
    public static final String LEFT = "organization.left";
    /** An administrator removed the user's guest membership. */
    public static final String REMOVED = "organization.removed";

    /** The actor of an administrator's change (no address or browser: it is not a person's request). */
    public static final Origin ADMINISTRATOR = new Origin("administrator", Optional.empty(), Optional.empty());

    private OrganizationActivity() {}

    public static Subject subject(String organizationId, Optional<Organization> organization) {
        return Subject.of(Subject.ORGANIZATION, organizationId, organization.map(Organization::name).orElse(null));
    }
}

package dev.myprofile.organizations.model;

import java.time.Instant;
import java.util.Optional;

/**
 * A user's guest membership of an organization other than their home one, written by an
 * administrator. Leaving keeps a tombstone ({@code leftAt}) for {@link #TOMBSTONE_DAYS} days, so
 * leaving twice answers the same; an administrator adding the user again replaces it.
 */
public record Membership(String organizationId, Instant joinedAt, Optional<Instant> leftAt) {
    public static final long TOMBSTONE_DAYS = 30;

    public boolean active() {
        return leftAt.isEmpty();
    }
}

package dev.myprofile.securityinfo.store;

import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.shared.activity.ActivityEntry;
import dev.myprofile.shared.dynamodb.UserKey;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What My Profile keeps about security info that the sign-in service does not: each method's name and
 * when it was added, and when the password last changed here. Never a secret, code or password. Every
 * change is written together with its activity entry.
 */
public interface MethodStore {

    record StoredMethod(MethodType type, String name, Instant addedAt) {}

    /**
     * What we keep of a passkey (the sign-in service keeps the key): the name the person gave it, when
     * it was added here, and whether it can sign in without a password (unknown for one added
     * elsewhere).
     */
    record StoredPasskey(String id, Optional<String> name, Instant addedAt, Optional<Boolean> withoutPassword) {}

    record Stored(Map<MethodType, StoredMethod> methods, Optional<Instant> passwordChangedAt, Map<String, StoredPasskey> passkeys) {}

    /** Everything for one user, in one query. */
    Stored read(UserKey user);

    /** Records a method the sign-in service has just accepted (again: a later add replaces it). */
    void added(UserKey user, StoredMethod method, ActivityEntry entry);

    /**
     * Records a method the sign-in service has just accepted, with its activity entry, only if our
     * item of that kind is still as this request saw it before it asked the sign-in service: none, or
     * the stale one added at {@code seen} (the sign-in service had dropped it). Of requests racing to
     * add the method, one records it.
     *
     * @return false when another request recorded it first: nothing was written
     */
    boolean addedOnce(UserKey user, StoredMethod method, Optional<Instant> seen, ActivityEntry entry);

    /**
     * Records a new email address the sign-in service has just accepted, as {@link #added} does, and
     * puts it on the person's profile (with a new version), so the Overview, the export and the
     * notices that read the profile's address use the new one; a person with no profile yet gets it
     * when the profile is made.
     */
    void emailChanged(UserKey user, StoredMethod method, ActivityEntry entry, String email, Instant now);

    /** @return false when the user has no such method of ours (nothing changed) */
    boolean renamed(UserKey user, MethodType type, String name, Optional<String> expected, ActivityEntry entry);

    /**
     * A rename that named the name it was based on ({@code expected}, the one the person saw) found
     * another: renamed elsewhere meanwhile. Nothing was written; {@code current} is the name now.
     */
    final class ChangedMeanwhile extends RuntimeException {
        private final String current;

        public ChangedMeanwhile(String current) {
            super("renamed meanwhile", null, false, false);
            this.current = current;
        }

        public String current() { return current; }
    }

    void removed(UserKey user, MethodType type, ActivityEntry entry);

    /**
     * Records a passkey the sign-in service has just accepted through us, with its activity entry.
     *
     * @return false when a read had recorded it first, as {@linkplain #addedPasskeyElsewhere added
     *         elsewhere} (it listed the key between the sign-in service accepting it and this write): then
     *         the name and whether it signs in without a password are set on that item, and no second
     *         entry is written (that read wrote one and sent the notice)
     */
    boolean addedPasskey(UserKey user, StoredPasskey passkey, ActivityEntry entry);

    /**
     * Records a passkey the sign-in service has that we have no item for (added at the sign-in
     * service, not through us), with {@code entry} when there is one to write, only if it still has
     * none: two requests racing write it once.
     *
     * @return whether this call wrote it (false: another request already had)
     */
    boolean addedPasskeyElsewhere(UserKey user, StoredPasskey passkey, Optional<ActivityEntry> entry);

    /** Names a passkey the sign-in service has confirmed is the user's (our item is made if it has none). */
    void renamedPasskey(UserKey user, String id, String name, Optional<String> expected, Instant addedAt, ActivityEntry entry);

    void removedPasskey(UserKey user, String id, ActivityEntry entry);

    void passwordChanged(UserKey user, Instant at, ActivityEntry entry);

    /** A change that lives only in the sign-in service (the default method): its activity entry. */
    void recorded(UserKey user, ActivityEntry entry);
}

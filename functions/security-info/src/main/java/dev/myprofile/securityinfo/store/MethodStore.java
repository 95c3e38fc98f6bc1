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

    record Stored(Map<MethodType, StoredMethod> methods, Optional<Instant> passwordChangedAt) {}

    /** Everything for one user, in one query. */
    Stored read(UserKey user);

    /** Records a method the sign-in service has just accepted (again: a later add replaces it). */
    void added(UserKey user, StoredMethod method, ActivityEntry entry);

    /** @return false when the user has no such method of ours (nothing changed) */
    boolean renamed(UserKey user, MethodType type, String name, ActivityEntry entry);

    void removed(UserKey user, MethodType type, ActivityEntry entry);

    void passwordChanged(UserKey user, Instant at, ActivityEntry entry);

    /** A change that lives only in the sign-in service (the default method): its activity entry. */
    void recorded(UserKey user, ActivityEntry entry);
}

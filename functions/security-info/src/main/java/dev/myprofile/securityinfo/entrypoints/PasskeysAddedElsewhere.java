package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.shared.text.Language;
import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.securityinfo.notify.Notifier;
import dev.myprofile.securityinfo.signin.SignInMethods.Account;
import dev.myprofile.securityinfo.signin.SignInMethods.PasskeyCredential;
import dev.myprofile.securityinfo.store.MethodStore;
import dev.myprofile.securityinfo.store.MethodStore.StoredPasskey;
import dev.myprofile.shared.activity.ActivityEntry;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.log.Log;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Passkeys the sign-in service has that never passed through our API (added on managed login's
 * {@code /passkeys/add} page, or offered there after a sign-in): the first read that sees one writes
 * our item, and for one added lately also the activity entry "method.added" and the notice to the
 * address on file, as adding one through us does (SECURITY.md, "Notification and audit"). The item
 * is written only if none exists, so of two reads racing one records it and notifies; the other
 * leaves it. Best effort: what fails is logged and tried again by the next read.
 */
final class PasskeysAddedElsewhere {
    /**
     * How old a key may be and still be announced as added. One the sign-in service has had longer was
     * there before My Profile could see it (before the portal was deployed, or before passkeys were
     * offered on the page): an "added" entry and email for it would be false, so it is only recorded.
     * A day covers a key added at the sign-in service and first seen here on the next visit.
     */
    static final Duration RECENT = Duration.ofHours(24);

    /** Who added it: the person at the sign-in service's own pages, not a request of ours (no address or browser). */
    static final Origin SIGN_IN_SERVICE = new Origin("sign-in-service", Optional.empty(), Optional.empty());

    private PasskeysAddedElsewhere() {}

    /** Records each listed credential that has no item in {@code ours}; nothing at all when every one has. */
    static void record(MethodStore store, Notifier notifier, UserKey user, Account account,
                       List<PasskeyCredential> listed, Map<String, StoredPasskey> ours, Instant now, Language language) {
        for (PasskeyCredential credential : listed) {
            if (ours.containsKey(credential.id())) {
                continue;
            }
            boolean recent = !credential.createdAt().isBefore(now.minus(RECENT));
            Optional<ActivityEntry> entry = recent
                    ? Optional.of(new ActivityEntry(credential.createdAt(), "method.added",
                            Subject.of(Subject.METHOD, "passkey", credential.authenticatorName()), SIGN_IN_SERVICE))
                    : Optional.empty();
            StoredPasskey item = new StoredPasskey(credential.id(), Optional.empty(), credential.createdAt(), Optional.empty());
            boolean written;
            try {
                written = store.addedPasskeyElsewhere(user, item, entry);
            } catch (RuntimeException e) {
                Log.warn("passkey.not-recorded", "exception", e.getClass().getSimpleName());
                continue;
            }
            Log.info("passkey.added-elsewhere", "recorded", written, "announced", written && recent);
            if (written && recent) {
                account.notificationAddress().ifPresent(address -> {
                    try {
                        notifier.send(address, Notice.METHOD_ADDED, Notice.About.method(Notice.Kind.PASSKEY,
                                Optional.of(credential.authenticatorName()), credential.createdAt(), language));
                    } catch (RuntimeException e) {
                        Log.warn("notice.failed", "notice", Notice.METHOD_ADDED.name(), "exception", e.getClass().getSimpleName());
                    }
                });
            }
        }
    }
}

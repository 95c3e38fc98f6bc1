package dev.myprofile.securityinfo.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Security info page: the methods, when the password last changed through My Profile, and the
 * two rules people need to see met — a way to reset a forgotten password, and two-step verification
 * (which a passkey meets, phishing-resistant) — and the passkeys and security keys.
 */
public record SecurityInfo(
        List<SecurityMethod> methods,
        Optional<Instant> passwordChangedAt,
        boolean passwordResetReady,
        TwoStep twoStep,
        List<Passkey> passkeys) {

    /** A passkey is a phishing-resistant way to sign in with more than one factor. */
    public boolean phishingResistant() {
        return !passkeys.isEmpty();
    }

    /** Two-step verification as the person experiences it. */
    public enum TwoStep {
        ON("on"), OFF("off"), REQUIRED("required");

        private final String wireName;

        TwoStep(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() { return wireName; }
    }
}

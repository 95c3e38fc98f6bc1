package dev.myprofile.securityinfo.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Security info page: the methods, when the password last changed through My Profile, and the
 * two rules people need to see met — a way to reset a forgotten password, and two-step verification
 * (a second step after the password: with Cognito a passkey is a first factor, so it never meets it) —
 * and the passkeys and security keys.
 */
public record SecurityInfo(
        List<SecurityMethod> methods,
        Optional<Instant> passwordChangedAt,
        boolean passwordResetReady,
        TwoStep twoStep,
        List<Passkey> passkeys) {

    /** Whether the person can sign in with a passkey, which cannot be phished (beside, never instead of, the two-step rule). */
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

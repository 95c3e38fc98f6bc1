package dev.myprofile.activity.signins;

import java.util.Arrays;

/**
 * The pool's threat protection as the deployment set it ({@code THREAT_PROTECTION}, the template's
 * {@code ThreatProtection} parameter, which sets the pool's {@code AdvancedSecurityMode}): only with
 * it does Cognito keep sign-ins ({@code AdminListUserAuthEvents}). {@code UNAVAILABLE}: no Cognito
 * pool (another OpenID provider keeps its own history).
 */
public enum ThreatProtection {
    OFF("off"), AUDIT_ONLY("audit-only"), FULL_FUNCTION("full-function"), UNAVAILABLE("unavailable");

    private final String wireName;

    ThreatProtection(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean keepsSignIns() {
        return this == AUDIT_ONLY || this == FULL_FUNCTION;
    }

    /** The parameter's value; anything else is a deployment mistake, refused at start. */
    public static ThreatProtection fromParameter(String value) {
        return Arrays.stream(values()).filter(t -> t != UNAVAILABLE && t.wireName.equals(value.trim())).findFirst()
                .orElseThrow(() -> new IllegalStateException("THREAT_PROTECTION is off, audit-only or full-function, not " + value));
    }
}

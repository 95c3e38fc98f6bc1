package dev.myprofile.shared.auth;

import java.util.List;
import java.util.Set;

/**
 * When a sign-in counts as multi-factor, for step-up — the one place that says it, for every kind of
 * token.
 *
 * <ul>
 *   <li>A token that says how the user signed in ({@code amr}, RFC 8176): only {@code mfa}, or two
 *       distinct authentication methods among its values. One method alone — {@code otp}, {@code sms},
 *       {@code hwk}, {@code fido}, a face — is one factor, whatever it is (a passwordless text-message
 *       sign-in must not pass).</li>
 *   <li>A Cognito access token carries no {@code amr}. Cognito asks every user who has turned MFA on
 *       for the second step at every sign-in (the template's pool remembers no device that could
 *       skip it), so a Cognito sign-in counts as multi-factor exactly when the user has an MFA method.
 *       The limit: a pool that remembers devices would break this inference.</li>
 *   <li>Another provider's token without {@code amr} tells us nothing, so it is one factor.</li>
 * </ul>
 */
public final class MultiFactorPolicy {
    /** Values that name no authentication method of their own (a summary, a channel count, risk, place, presence). */
    private static final Set<String> NOT_FACTORS = Set.of("mfa", "mca", "rba", "geo", "user");

    private final boolean cognito;

    private MultiFactorPolicy(boolean cognito) {
        this.cognito = cognito;
    }

    /** For tokens of another OpenID provider: only {@code amr} can show a second factor. */
    public static final MultiFactorPolicy AMR = new MultiFactorPolicy(false);
    /** For Cognito access tokens: {@code amr} when present, else the user's MFA setting. */
    public static final MultiFactorPolicy COGNITO = new MultiFactorPolicy(true);

    public static MultiFactorPolicy forTokens(TokenSettings settings) {
        return settings.cognitoClientId().isPresent() ? COGNITO : AMR;
    }

    public boolean multiFactor(Caller caller, MfaMethods methods) {
        List<String> amr = caller.authenticationMethods();
        if (!amr.isEmpty()) {
            return amr.contains("mfa") || amr.stream().filter(v -> !NOT_FACTORS.contains(v)).distinct().count() >= 2;
        }
        return cognito && methods.anyRegistered(caller.userKey());
    }
}

package dev.myprofile.shared.auth;

import dev.myprofile.shared.domain.Profile;
import dev.myprofile.shared.http.Problem;

/** "Sign out everywhere" in effect: a token issued before the user's not-before time is refused. */
public final class SignedOut {
    private SignedOut() {}

    public static void check(Profile profile, Caller caller) {
        if (profile.revokes(caller.issuedAt())) {
            throw problem();
        }
    }

    public static Problem problem() {
        return Problem.of(401, "invalid-token", "Sign-in required", "You were signed out everywhere. Sign in again.")
                .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"The token was revoked\"");
    }
}

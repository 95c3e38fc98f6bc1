package dev.myprofile.sessions.signin;

import dev.myprofile.shared.auth.Caller;

/**
 * The sign-in service's own "sign out everywhere": revoking the refresh tokens it issued, so no new
 * access token can be obtained without signing in again. Another OpenID provider has no such call
 * the portal may make ({@link #NONE}); the portal's not-before time still refuses every older token.
 */
public interface SignInService {

    /** What the answer tells the user: the sign-in service signed them out too, or it has no such call. */
    enum Outcome { SIGNED_OUT, NOT_SUPPORTED }

    /**
     * @param username the service's own name for the user, when its token says (Cognito's
     *                 {@code username} claim); else the caller's subject is used
     * @throws Unavailable when the service did not confirm (nothing else has changed yet; try again)
     */
    Outcome signOutEverywhere(Caller caller, java.util.Optional<String> username);

    /**
     * Deletes the user at the sign-in service, so they can never sign in again; a user already gone
     * counts as deleted.
     *
     * @throws Unavailable when the service did not confirm
     */
    default Outcome deleteUser(String username) {
        return Outcome.NOT_SUPPORTED;
    }

    SignInService NONE = (caller, username) -> Outcome.NOT_SUPPORTED;

    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

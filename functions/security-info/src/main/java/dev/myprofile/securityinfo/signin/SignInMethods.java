package dev.myprofile.securityinfo.signin;

import dev.myprofile.securityinfo.model.MethodType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sign-in service's side of security info: it keeps the credentials and checks them, and
 * answers for the signed-in person (every call carries their own access token, so one person can
 * never act on another's account). Cognito is the real one ({@code signin/cognito}); with another
 * OpenID provider there is none, and the page links to that provider's own account page.
 */
public interface SignInMethods {

    /** What the sign-in service holds about the caller. */
    record Account(String username, Map<String, String> attributes, Set<MethodType> secondSteps, Optional<MethodType> preferred) {

        public Optional<String> attribute(String name) {
            return Optional.ofNullable(attributes.get(name)).filter(v -> !v.isBlank());
        }

        public boolean verified(String attribute) {
            return "true".equals(attributes.get(attribute + "_verified"));
        }

        /** The address notifications go to: one already on file, never one being added. */
        public Optional<String> notificationAddress() {
            return attribute("email");
        }
    }

    Account account(String accessToken);

    /**
     * A passkey or security key as the sign-in service keeps it: its credential id, the name it gave
     * the authenticator, when it was registered, how it is attached (platform or cross-platform, when
     * known) and its transports.
     */
    record PasskeyCredential(String id, String authenticatorName, Instant createdAt, Optional<String> attachment,
                             List<String> transports) {}

    /** Starts registering a passkey: the options for {@code navigator.credentials.create}, as JSON. */
    String startPasskey(String accessToken);

    /** Finishes it with the browser's registration response (JSON); the sign-in service verifies and keeps it. */
    void completePasskey(String accessToken, String credentialJson);

    /** The caller's passkeys and security keys, every page. */
    List<PasskeyCredential> passkeys(String accessToken);

    /** @return false when the caller has no such credential (nothing changed) */
    boolean deletePasskey(String accessToken, String credentialId);

    /** Starts enrolling an authenticator app: the shared secret (Base32), to show once and forget. */
    String startAuthenticatorApp(String accessToken);

    /** Finishes it with a current code; Cognito keeps the secret. */
    void verifyAuthenticatorApp(String accessToken, String code, String name);

    /**
     * Turns a kind of second step on or off for the caller, and whether it is the preferred (default)
     * one.
     */
    void secondStep(String accessToken, MethodType type, boolean enabled, boolean preferred);

    void changePassword(String accessToken, String current, String proposed);

    /**
     * Sets the phone number we have verified with our own code, as verified (an administrative
     * operation: the function's role, on its own pool only).
     */
    void setVerifiedPhone(String username, String phoneNumber);

    /** Sets the email address we have verified with our own code, as verified (administrative, like the phone). */
    void setVerifiedEmail(String username, String email);

    /**
     * Removes the phone number from the account (sign-in and reset can no longer use it): an
     * administrative operation, like setting it.
     */
    void removePhone(String username);
}

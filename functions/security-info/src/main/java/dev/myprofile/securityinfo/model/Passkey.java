package dev.myprofile.securityinfo.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A passkey or security key on the Security info page: what the sign-in service keeps (the credential
 * id, the name it gives the authenticator, when it was registered, how the authenticator is attached
 * and its transports) joined with what it does not (the name the person gave it, and whether it can
 * sign in without a password: an authenticator that verified the person, with a discoverable
 * credential; unknown for one added elsewhere). The sign-in service does not say when a passkey was
 * last used, so neither does the page.
 */
public record Passkey(
        String id,
        Optional<String> name,
        String authenticatorName,
        Instant addedAt,
        Optional<String> attachment,
        List<String> transports,
        Optional<Boolean> signsInWithoutPassword) {

    /** A credential id as WebAuthn makes it: base64url, at most 1023 bytes (1364 characters). */
    public static boolean wellFormedId(String id) {
        return id != null && id.matches("[A-Za-z0-9_-]{1,1400}");
    }
}

package dev.myprofile.securityinfo.model;

import java.util.Optional;

/**
 * How passkeys are added, by configuration ({@code PASSKEY_REGISTRATION}): the portal runs the
 * WebAuthn ceremony itself when the user pool's relying-party id is the portal's registrable domain
 * ({@code portal}), or sends the person to managed login's {@code /passkeys/add} and back when the
 * relying-party id is the managed-login domain, which a page on another origin cannot use
 * ({@code managed-login}, with that page's address).
 */
public record PasskeyRegistration(Mode mode, Optional<String> addUrl) {

    public enum Mode {
        PORTAL("portal"), MANAGED_LOGIN("managed-login");

        private final String wireName;

        Mode(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() { return wireName; }
    }
}

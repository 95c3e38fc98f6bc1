package dev.myprofile.local;

import dev.myprofile.shared.dynamodb.UserKey;

import java.util.Map;
import java.util.Optional;

/** Who signs people in to the local portal, and what the template, the functions and the web app need to know of it. */
public interface LocalSignIn extends AutoCloseable {

    /** The web app's issuer: its OpenID discovery document is at {@code issuer()/.well-known/openid-configuration}. */
    String issuer();

    String clientId();

    String scope();

    /** Where the web app signs out when discovery names no end-session endpoint (Cognito's managed login). */
    Optional<String> logoutUrl();

    /** Template parameter values and resource ids, for resolving the functions' environment. */
    Map<String, String> references();

    /** Environment variables every function gets locally on top of the template's. */
    Map<String, String> settings();

    /** The demo user (Ada) as her tokens name her: issuer and subject. */
    Identity demoIdentity();

    record Identity(String issuer, String subject) {}

    /** The partition of the demo user, whose devices and history the demo data fills. */
    default UserKey demoUser() {
        return UserKey.of(demoIdentity().issuer(), demoIdentity().subject());
    }

    /**
     * The demo users whose authenticator app the sign-in service already has: the demo data gives
     * them the item the Security info page would have written (its name, so step-up knows of it).
     */
    default java.util.List<UserKey> usersWithAuthenticatorApp() {
        return java.util.List.of();
    }

    /** One line for the terminal: how to sign in. */
    String howToSignIn();

    @Override
    void close();
}

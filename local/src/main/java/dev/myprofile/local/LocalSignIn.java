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

    /**
     * The organization's device-management service as this sign-in knows it: a registration client
     * with the service's own token, against the API at {@code api}.
     */
    DeviceRegistrationClient deviceService(java.net.URI api);

    /** A fresh access token of the demo user (Ada), as this sign-in gives the web app one. */
    String demoUserAccessToken();

    /** One line for the terminal: how to sign in. */
    String howToSignIn();

    @Override
    void close();
}

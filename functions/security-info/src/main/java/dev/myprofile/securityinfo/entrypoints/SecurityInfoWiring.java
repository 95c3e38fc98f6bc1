package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.notify.Notifier;
import dev.myprofile.securityinfo.notify.SesNotifier;
import dev.myprofile.securityinfo.signin.SignInMethods;
import dev.myprofile.securityinfo.signin.cognito.CognitoSignInMethods;
import dev.myprofile.securityinfo.store.MethodStore;
import dev.myprofile.securityinfo.store.dynamodb.DynamoMethodStore;
import dev.myprofile.shared.auth.DynamoMfaMethods;
import dev.myprofile.shared.auth.MfaMethods;
import dev.myprofile.securityinfo.model.PasskeyRegistration;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.config.SecureUrls;
import dev.myprofile.shared.http.Api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What every security-info function stands on, built once per container from its environment: our
 * items, the sign-in service (Cognito when {@code USER_POOL_ID} names a pool; none with another
 * OpenID provider, whose {@code ACCOUNT_PAGE_URL} the page links to instead), the notifier, and
 * whether the pool requires two-step verification ({@code USER_POOL_MFA} = {@code ON}).
 */
public record SecurityInfoWiring(
        MethodStore store,
        Optional<SignInMethods> signIn,
        Notifier notifier,
        MfaMethods mfaMethods,
        Optional<String> accountPageUrl,
        boolean twoStepRequired,
        String authenticatorIssuer,
        Optional<PasskeyRegistration> passkeys) {

    public SecurityInfoWiring(MethodStore store, Optional<SignInMethods> signIn, Notifier notifier, MfaMethods mfaMethods,
                              Optional<String> accountPageUrl, boolean twoStepRequired, String authenticatorIssuer) {
        this(store, signIn, notifier, mfaMethods, accountPageUrl, twoStepRequired, authenticatorIssuer, Optional.empty());
    }

    public static SecurityInfoWiring of(Api api) {
        Config config = api.platform().config();
        Optional<SignInMethods> signIn = config.get("USER_POOL_ID").filter(id -> !id.isBlank())
                .map(id -> new CognitoSignInMethods(CognitoSignInMethods.client(config), id));
        return new SecurityInfoWiring(
                new DynamoMethodStore(api.platform()),
                signIn,
                signIn.isPresent() ? SesNotifier.fromConfig(config) : (address, notice, about) -> { },
                new DynamoMfaMethods(api.platform().dynamo(), api.platform().table()),
                config.get("ACCOUNT_PAGE_URL").filter(u -> !u.isBlank()),
                "ON".equalsIgnoreCase(config.get("USER_POOL_MFA", "OPTIONAL")),
                config.get("AUTHENTICATOR_ISSUER", "My Profile"),
                signIn.isPresent() ? passkeys(config) : Optional.empty());
    }

    /**
     * {@code PASSKEY_REGISTRATION}: {@code portal} (the page runs the ceremony), {@code managed-login}
     * (the page sends people to {@code MANAGED_LOGIN_URL}'s {@code /passkeys/add}, back to the web
     * origin), or empty: no passkeys on the page.
     */
    static Optional<PasskeyRegistration> passkeys(Config config) {
        String mode = config.get("PASSKEY_REGISTRATION", "").trim();
        if (mode.isEmpty()) {
            return Optional.empty();
        }
        if (mode.equals(PasskeyRegistration.Mode.PORTAL.wireName())) {
            return Optional.of(new PasskeyRegistration(PasskeyRegistration.Mode.PORTAL, Optional.empty()));
        }
        if (!mode.equals(PasskeyRegistration.Mode.MANAGED_LOGIN.wireName())) {
            throw new IllegalStateException("PASSKEY_REGISTRATION is portal, managed-login or empty, not " + mode);
        }
        String login = SecureUrls.requireForBrowser("MANAGED_LOGIN_URL", config.require("MANAGED_LOGIN_URL")).toString().replaceAll("/+$", "");
        String back = config.require("WEB_ORIGIN") + "/";
        String url = login + "/passkeys/add?client_id=" + encode(config.require("COGNITO_CLIENT_ID"))
                + "&redirect_uri=" + encode(back);
        return Optional.of(new PasskeyRegistration(PasskeyRegistration.Mode.MANAGED_LOGIN, Optional.of(url)));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.notify.Notifier;
import dev.myprofile.securityinfo.notify.SesNotifier;
import dev.myprofile.securityinfo.signin.SignInMethods;
import dev.myprofile.securityinfo.signin.cognito.CognitoSignInMethods;
import dev.myprofile.securityinfo.store.MethodStore;
import dev.myprofile.securityinfo.store.dynamodb.DynamoMethodStore;
import dev.myprofile.shared.auth.DynamoMfaMethods;
import dev.myprofile.shared.auth.MfaMethods;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.http.Api;

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
        String authenticatorIssuer) {

    public static SecurityInfoWiring of(Api api) {
        Config config = api.platform().config();
        Optional<SignInMethods> signIn = config.get("USER_POOL_ID").filter(id -> !id.isBlank())
                .map(id -> new CognitoSignInMethods(CognitoSignInMethods.client(config), id));
        return new SecurityInfoWiring(
                new DynamoMethodStore(api.platform()),
                signIn,
                signIn.isPresent() ? SesNotifier.fromConfig(config) : (address, notice) -> { },
                new DynamoMfaMethods(api.platform().dynamo(), api.platform().table()),
                config.get("ACCOUNT_PAGE_URL").filter(u -> !u.isBlank()),
                "ON".equalsIgnoreCase(config.get("USER_POOL_MFA", "OPTIONAL")),
                config.get("AUTHENTICATOR_ISSUER", "My Profile"));
    }
}

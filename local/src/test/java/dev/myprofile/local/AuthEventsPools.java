package dev.myprofile.local;

import dev.myprofile.testkit.Moto;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the tests of the routes that read Cognito's authentication events share: a Plus-tier pool in
 * moto (reached through the stand-in that answers those operations), its web client, a signed-in
 * person, and a function's settings for that pool as the template gives them.
 */
final class AuthEventsPools {
    private static final AtomicInteger USERS = new AtomicInteger();

    /** A person in the pool: their email (the pool's sign-in name), {@code sub} and an access token. */
    record User(String email, String sub, String token) {}

    private AuthEventsPools() {}

    /** A Plus-tier pool with threat protection in {@code mode} (OFF, AUDIT, ENFORCED), MFA optional. */
    static String pool(CognitoIdentityProviderClient cognito, String name, String mode) {
        return cognito.createUserPool(r -> r.poolName(name).usernameAttributesWithStrings("email")
                .userPoolTier("PLUS").userPoolAddOns(a -> a.advancedSecurityMode(mode)).mfaConfiguration("OPTIONAL")
                .policies(p -> p.passwordPolicy(w -> w.minimumLength(12).requireLowercase(false).requireUppercase(false)
                        .requireNumbers(false).requireSymbols(false)))).userPool().id();
    }

    /** The web app's client of {@code pool}: password sign-in (as the local sign-in does it) and refresh. */
    static String webClient(CognitoIdentityProviderClient cognito, String pool) {
        return cognito.createUserPoolClient(r -> r.userPoolId(pool).clientName("web")
                .explicitAuthFlowsWithStrings("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")).userPoolClient().clientId();
    }

    /** The issuer of {@code pool}'s tokens, as Cognito names it. */
    static String issuer(String pool) {
        return "https://cognito-idp." + Moto.REGION + ".amazonaws.com/" + pool;
    }

    /**
     * A function's settings for {@code pool} and {@code client} with audit-only threat protection, its
     * Cognito calls going to {@code cognitoEndpoint}; a map the caller may add to.
     */
    static Map<String, String> settings(URI moto, String pool, String client, URI cognitoEndpoint) {
        Map<String, String> settings = new HashMap<>();
        settings.put("TOKEN_ISSUER", issuer(pool));
        settings.put("TOKEN_AUDIENCE", "");
        settings.put("COGNITO_CLIENT_ID", client);
        settings.put("JWKS_URI", moto + "/" + pool + "/.well-known/jwks.json");
        settings.put("TOKEN_TYPES", "JWT,absent");
        settings.put("USER_POOL_ID", pool);
        settings.put("COGNITO_ENDPOINT", cognitoEndpoint.toString());
        settings.put("THREAT_PROTECTION", "audit-only");
        return settings;
    }

    /** A new person in {@code pool}, signed in with a password through {@code client}. */
    static User newUser(CognitoIdentityProviderClient cognito, String pool, String client, String prefix) {
        int n = USERS.incrementAndGet();
        String email = prefix + n + "-" + System.nanoTime() % 100000 + "@contoso.example";
        String password = "Correct-Horse-Battery-" + n;
        var created = cognito.adminCreateUser(r -> r.userPoolId(pool).username(email).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(a -> a.name("email").value(email), a -> a.name("email_verified").value("true")));
        cognito.adminSetUserPassword(r -> r.userPoolId(pool).username(email).password(password).permanent(true));
        String sub = created.user().attributes().stream().filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
        String token = cognito.initiateAuth(r -> r.clientId(client).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", email, "PASSWORD", password))).authenticationResult().accessToken();
        return new User(email, sub, token);
    }
}

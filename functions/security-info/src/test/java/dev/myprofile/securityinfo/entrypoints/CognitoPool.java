package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Moto;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A user pool on moto's Cognito shaped like the template's (MFA optional, authenticator apps on,
 * 12-character passwords), with a client that may sign in with a password, so a test gets real
 * Cognito access tokens, and the settings that point the functions at it.
 */
final class CognitoPool implements AutoCloseable {
    private static final AtomicInteger USERS = new AtomicInteger();

    final CognitoIdentityProviderClient cognito;
    final String poolId;
    final String clientId;
    private final URI endpoint;

    private CognitoPool(CognitoIdentityProviderClient cognito, String poolId, String clientId, URI endpoint) {
        this.cognito = cognito;
        this.poolId = poolId;
        this.clientId = clientId;
        this.endpoint = endpoint;
    }

    /** moto's SES refuses a sender it does not know (as the SES sandbox does): the notices' sender is made an identity first. */
    static void allowSender(URI endpoint, String sender) {
        try (SesV2Client ses = SesV2Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(Moto.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY)))
                .endpointOverride(endpoint).build()) {
            ses.createEmailIdentity(r -> r.emailIdentity(sender));
        } catch (AlreadyExistsException known) {
            // another test class on the same moto told it already
        }
    }

    static CognitoPool create(URI endpoint) {
        CognitoIdentityProviderClient cognito = CognitoIdentityProviderClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(Moto.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY)))
                .endpointOverride(endpoint)
                .build();
        String poolId = cognito.createUserPool(r -> r.poolName("security-info-test")
                .usernameAttributesWithStrings("email")
                .mfaConfiguration("OPTIONAL")
                .policies(p -> p.passwordPolicy(w -> w.minimumLength(12).requireLowercase(false).requireUppercase(false)
                        .requireNumbers(false).requireSymbols(false)))).userPool().id();
        cognito.setUserPoolMfaConfig(r -> r.userPoolId(poolId).mfaConfiguration("OPTIONAL")
                .softwareTokenMfaConfiguration(t -> t.enabled(true)));
        String clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("web")
                .explicitAuthFlowsWithStrings("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")).userPoolClient().clientId();
        return new CognitoPool(cognito, poolId, clientId, endpoint);
    }

    String issuer() {
        return "https://cognito-idp." + Moto.REGION + ".amazonaws.com/" + poolId;
    }

    /** What the template gives a function for a pool it creates, with moto's addresses. */
    Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("TOKEN_ISSUER", issuer());
        settings.put("TOKEN_AUDIENCE", "");
        settings.put("COGNITO_CLIENT_ID", clientId);
        settings.put("JWKS_URI", endpoint + "/" + poolId + "/.well-known/jwks.json");
        settings.put("TOKEN_TYPES", "JWT,absent");
        settings.put("USER_POOL_ID", poolId);
        settings.put("USER_POOL_MFA", "OPTIONAL");
        settings.put("COGNITO_ENDPOINT", endpoint.toString());
        return settings;
    }

    record User(String email, String password, String name, String sub) {}

    /** A new user with a verified email and a permanent password. */
    User newUser(String name) {
        String email = "user" + USERS.incrementAndGet() + "-" + System.nanoTime() % 100000 + "@contoso.example";
        String password = "Correct-Horse-Battery-" + USERS.get();
        var created = cognito.adminCreateUser(r -> r.userPoolId(poolId).username(email).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(attribute("email", email), attribute("email_verified", "true"), attribute("name", name)));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username(email).password(password).permanent(true));
        String sub = created.user().attributes().stream().filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
        return new User(email, password, name, sub);
    }

    private static AttributeType attribute(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }

    /** A password sign-in; for a user with an authenticator app this meets the challenge instead. */
    String signIn(User user, String password) {
        var answer = cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", user.email(), "PASSWORD", password)));
        if (answer.authenticationResult() == null) {
            throw new IllegalStateException("challenge " + answer.challengeNameAsString());
        }
        return answer.authenticationResult().accessToken();
    }

    String signIn(User user) {
        return signIn(user, user.password());
    }

    /** A sign-in answering the authenticator app's challenge with {@code code}. */
    String signInWithCode(User user, String password, String code) {
        var answer = cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", user.email(), "PASSWORD", password)));
        return cognito.respondToAuthChallenge(r -> r.clientId(clientId).challengeName(answer.challengeName())
                .session(answer.session())
                .challengeResponses(Map.of("USERNAME", user.email(), "SOFTWARE_TOKEN_MFA_CODE", code)))
                .authenticationResult().accessToken();
    }

    @Override
    public void close() {
        cognito.close();
    }
}

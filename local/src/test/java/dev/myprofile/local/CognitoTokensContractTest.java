package dev.myprofile.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.platform.Platform;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.SamTemplate;
import dev.myprofile.testkit.TestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route of template.yaml accepts a Cognito access token — no {@code aud}, {@code client_id}
 * and {@code token_use}, typ {@code JWT}, keys from the pool's JWKS — when the functions get the
 * environment the template gives them for a pool it creates: moto's Cognito signs the token, nothing
 * is configured by hand but the JWKS address (moto serves it on its own port).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CognitoTokensContractTest {
    private static final LocalUserPool.DemoUser USER = new LocalUserPool.DemoUser("contract@contoso.example",
            "Contract-Test-Password-1", "Contract Test", false, "");

    private final SamTemplate template = SamTemplate.load();
    private final Moto moto = Moto.shared();
    private LocalUserPool pool;
    /** Cognito's passkey operations, which moto lacks, in front of moto: every Cognito call goes through it. */
    private CognitoWebAuthnStandIn webAuthn;
    private String table;
    private Map<String, String> references;

    @BeforeAll
    void start() throws Exception {
        webAuthn = CognitoWebAuthnStandIn.start(moto.endpoint());
        table = moto.newTable();
        references = new HashMap<>(template.parameterDefaults());
        references.put("SignInService", "create-cognito-user-pool");
        references.put("WebOrigin", "https://myprofile.test");
        references.put("AWS::Region", Moto.REGION);
        references.put("AWS::StackName", "contract");
        references.put("AWS::AccountId", LocalPortal.LOCAL_ACCOUNT);
        references.put("AWS::StackId", "arn:aws:cloudformation:" + Moto.REGION + ":" + LocalPortal.LOCAL_ACCOUNT
                + ":stack/contract/00000000-0000-4000-8000-000000000000");
        references.put(template.tableLogicalId(), table);
        references.put("ExportBucket", "contract-exports");
        pool = LocalUserPool.create(template, moto.endpoint(), references);
        pool.createUser(USER);
        LocalNotices.allowSender(moto.endpoint(), LocalPortal.NOTIFICATION_SENDER);
        references.putAll(pool.references());
        webAuthn.relyingParty(pool.poolId(), new CognitoWebAuthnStandIn.RelyingParty(
                LocalUserPool.relyingPartyId(template, references), LocalUserPool.userVerification(template)));
    }

    @AfterAll
    void stop() {
        pool.cognito().close();
        webAuthn.close();
    }

    private String cognitoAccessToken() {
        return pool.cognito().initiateAuth(r -> r.clientId(pool.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", USER.email(), "PASSWORD", USER.password()))).authenticationResult().accessToken();
    }

    @Test
    void the_template_derives_issuer_client_and_keys_from_the_pool_it_creates() {
        SamTemplate.Function getMe = template.functions().stream().filter(f -> f.logicalId().equals("GetMeFunction"))
                .findFirst().orElseThrow();
        Map<String, String> environment = template.environment(getMe, references);
        assertEquals(pool.issuer(), environment.get("TOKEN_ISSUER"));
        assertEquals(pool.clientId(), environment.get("COGNITO_CLIENT_ID"));
        assertEquals("", environment.get("TOKEN_AUDIENCE"));
        assertEquals(pool.issuer() + "/.well-known/jwks.json", environment.get("JWKS_URI"));
        assertEquals("JWT,absent", environment.get("TOKEN_TYPES"));
    }

    /** The function's handler with the environment the template gives it for the pool it creates (moto's). */
    @SuppressWarnings("unchecked")
    private RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler(SamTemplate.Function function) throws Exception {
        return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) built(function, references);
    }

    /** The function's handler as the runtime builds it (its public constructor) for these template references. */
    private Object built(SamTemplate.Function function, Map<String, String> references) throws Exception {
        Platform platform = Platform.create(settings(function, references), Clock.systemUTC());
        Class<?> handler = Class.forName(function.handlerClass());
        return function.routes().isEmpty() ? handler.getConstructor(Platform.class).newInstance(platform)
                : handler.getConstructor(Api.class).newInstance(Api.create(platform));
    }

    /** The environment the template gives the function for the pool it creates, every AWS endpoint moto's. */
    private Config settings(SamTemplate.Function function, Map<String, String> references) {
        Map<String, String> settings = new HashMap<>(template.environment(function, references));
        settings.put("AWS_REGION", Moto.REGION);
        settings.put("AWS_ACCESS_KEY_ID", Moto.ACCESS_KEY);
        settings.put("AWS_SECRET_ACCESS_KEY", Moto.SECRET_KEY);
        settings.put("DYNAMODB_ENDPOINT", moto.endpoint().toString());
        settings.put("JWKS_URI", pool.jwksUri(moto.endpoint()));
        settings.put("COGNITO_ENDPOINT", webAuthn.endpoint().toString());
        settings.put("SNS_ENDPOINT", moto.endpoint().toString());
        settings.put("SES_ENDPOINT", moto.endpoint().toString());
        settings.put("NOTIFICATION_SENDER", LocalPortal.NOTIFICATION_SENDER);
        // The codes' key from Parameter Store under the template's name for it, as deployed (never in the environment).
        if (settings.containsKey("VERIFICATION_CODE_KEY_PARAMETER")) {
            Moto.putSecureParameter(moto.endpoint(), settings.get("VERIFICATION_CODE_KEY_PARAMETER"), "a-contract-test-key-of-32-bytes-or-more");
        }
        settings.put("SSM_ENDPOINT", moto.endpoint().toString());
        return new Config(settings);
    }

    private SamTemplate.Function function(String logicalId) {
        return template.functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst().orElseThrow();
    }

    @Test
    void every_route_accepts_a_Cognito_access_token() throws Exception {
        String token = cognitoAccessToken();
        int routes = 0;
        // Signing out everywhere revokes the token (at moto too): it goes last.
        List<SamTemplate.Function> functions = new java.util.ArrayList<>(template.functions());
        functions.sort(java.util.Comparator.comparing(f -> f.logicalId().equals("SignOutEverywhereFunction")));
        for (SamTemplate.Function function : functions) {
            if (function.routes().isEmpty()) {
                continue;
            }
            var handler = ApiContract.checked(handler(function));
            for (SamTemplate.Route route : function.routes()) {
                APIGatewayV2HTTPResponse response = handler.handleRequest(Events.withToken(sample(route), token), new TestContext());
                assertNotEquals(401, response.getStatusCode(), () -> route.routeKey() + ": " + response.getBody());
                assertTrue(response.getStatusCode() < 500, () -> route.routeKey() + ": " + response.getBody());
                routes++;
            }
        }
        assertTrue(routes > 0);
    }

    @Test
    void signing_out_everywhere_signs_out_at_Cognito_too_and_a_new_sign_in_works() throws Exception {
        LocalUserPool.DemoUser user = new LocalUserPool.DemoUser("everywhere@contoso.example",
                "Everywhere-Test-Password-1", "Everywhere Test", false, "");
        pool.createUser(user);
        // moto keeps a session under the name it was signed in with and revokes only those named as in
        // AdminUserGlobalSignOut (Cognito revokes all of the user's): sign in with the pool's own user
        // name (the sub, which Cognito accepts too), the name the function signs out.
        String username = pool.cognito().adminGetUser(r -> r.userPoolId(pool.poolId()).username(user.email())).username();
        var first = pool.cognito().initiateAuth(r -> r.clientId(pool.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", user.password()))).authenticationResult();
        var signOut = handler(function("SignOutEverywhereFunction"));
        var getMe = handler(function("GetMeFunction"));

        APIGatewayV2HTTPResponse response = signOut.handleRequest(
                Events.withToken(sample(function("SignOutEverywhereFunction").routes().get(0)), first.accessToken()), new TestContext());

        assertEquals(200, response.getStatusCode(), response::getBody);
        assertTrue(response.getBody().contains("\"signInServiceSignedOut\":true"), response::getBody);
        // Cognito (moto) revoked the session: the refresh token no longer gets a new access token.
        assertThrows(NotAuthorizedException.class, () -> pool.cognito().initiateAuth(r -> r.clientId(pool.clientId())
                .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH).authParameters(Map.of("REFRESH_TOKEN", first.refreshToken()))));
        // The old access token is refused by the API.
        assertEquals(401, getMe.handleRequest(Events.withToken(sample(function("GetMeFunction").routes().get(0)),
                first.accessToken()), new TestContext()).getStatusCode());

        // A new sign-in (a second later: tokens count whole seconds) works.
        Thread.sleep(1_100);
        String fresh = pool.cognito().initiateAuth(r -> r.clientId(pool.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", user.email(), "PASSWORD", user.password()))).authenticationResult().accessToken();
        assertEquals(200, getMe.handleRequest(Events.withToken(sample(function("GetMeFunction").routes().get(0)), fresh),
                new TestContext()).getStatusCode());
    }

    @Test
    void closing_an_account_deletes_the_user_at_Cognito() throws Exception {
        LocalUserPool.DemoUser user = new LocalUserPool.DemoUser("closing@contoso.example",
                "Closing-Test-Password-1", "Closing Test", false, "");
        pool.createUser(user);
        String token = pool.cognito().initiateAuth(r -> r.clientId(pool.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", user.email(), "PASSWORD", user.password()))).authenticationResult().accessToken();
        APIGatewayV2HTTPEvent event = Events.withToken(sample(function("CloseAccountFunction").routes().get(0)), token);
        event.setBody("{\"confirmation\": \"CLOSE\"}");
        event.getHeaders().put("content-type", "application/json");

        APIGatewayV2HTTPResponse response = handler(function("CloseAccountFunction")).handleRequest(event, new TestContext());

        assertEquals(200, response.getStatusCode(), response::getBody);
        assertThrows(software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException.class,
                () -> pool.cognito().adminGetUser(r -> r.userPoolId(pool.poolId()).username(user.email())));
    }

    /**
     * SnapStart: every AWS client a function calls exists once the function is built, before the
     * snapshot, so a restored copy's first request builds none. Each function of the template is built
     * as the runtime builds it (its environment, the public constructor) and, before any request, must
     * hold an SDK client for every service its policies let it call.
     */
    @Test
    void every_function_holds_the_clients_of_the_services_it_may_call_before_any_request() throws Exception {
        // Every optional part on: threat protection keeps sign-ins, so the sign-in routes call Cognito.
        Map<String, String> everything = new HashMap<>(references);
        everything.put("ThreatProtection", "audit-only");
        List<String> missing = new java.util.ArrayList<>();
        int checked = 0;
        for (SamTemplate.Function function : template.functions()) {
            java.util.Set<String> held = ReachableClients.services(built(function, everything));
            for (String service : template.services(function)) {
                checked++;
                if (!held.contains(service)) {
                    missing.add(function.logicalId() + " may call " + service + " but holds no client for it when built (holds " + held + ")");
                }
            }
        }
        assertTrue(checked > 30, "only " + checked + " services checked: are the policies read?");
        assertTrue(missing.isEmpty(), () -> String.join("\n", missing));
    }

    private static APIGatewayV2HTTPEvent sample(SamTemplate.Route route) {
        for (Path file : Events.all()) {
            APIGatewayV2HTTPEvent event = Events.read(file);
            if (event.getRouteKey().equals(route.routeKey())) {
                return event;
            }
        }
        throw new AssertionError("no sample event for " + route.routeKey());
    }

    @Test
    void the_pool_made_locally_is_the_templates() {
        var described = pool.cognito().describeUserPool(r -> r.userPoolId(pool.poolId())).userPool();
        Map<String, Object> properties = SamTemplate.map(template.resource(LocalUserPool.POOL).get("Properties"));
        assertEquals(properties.get("MfaConfiguration"), described.mfaConfigurationAsString());
        Map<String, Object> passwords = SamTemplate.map(SamTemplate.map(properties.get("Policies")).get("PasswordPolicy"));
        assertEquals(Integer.valueOf(String.valueOf(passwords.get("MinimumLength"))), described.policies().passwordPolicy().minimumLength());
        var client = pool.cognito().describeUserPoolClient(r -> r.userPoolId(pool.poolId()).clientId(pool.clientId())).userPoolClient();
        Map<String, Object> web = SamTemplate.map(template.resource(LocalUserPool.CLIENT).get("Properties"));
        assertEquals(SamTemplate.list(web.get("AllowedOAuthScopes")), client.allowedOAuthScopes().stream().map(Object.class::cast).toList());
        assertEquals(List.of("https://myprofile.test/"), client.callbackURLs());
        assertNull(client.clientSecret(), "a public client: the web app keeps no secret");
    }
}

package dev.myprofile.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myprofile.activity.entrypoints.ListActivityHandler;
import dev.myprofile.organizations.entrypoints.ExportHandler;
import dev.myprofile.securityinfo.entrypoints.PostPasskeysVerifyHandler;
import dev.myprofile.securityinfo.entrypoints.DeletePasskeyHandler;
import dev.myprofile.securityinfo.entrypoints.GetSecurityInfoHandler;
import dev.myprofile.securityinfo.entrypoints.PatchPasskeyHandler;
import dev.myprofile.securityinfo.entrypoints.PostPasskeysHandler;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.http.Api;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.CountingProxy;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.FaultyDynamoDb;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.MutableClock;
import dev.myprofile.testkit.Responses;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The passkey routes of the Security info page through the real handlers with real payload-2.0
 * events, against moto's DynamoDB, Cognito and SES, with Cognito's four WebAuthn operations answered
 * by the stand-in in front of moto (a software authenticator makes the registration responses; the
 * browser test uses Chromium's virtual authenticator).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasskeysApiTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SENDER = "security@myprofile.test";
    /** TestEnvironment's web origin is https://myprofile.test: the portal's own relying party. */
    private static final String RP = "myprofile.test";
    private static final AtomicInteger USERS = new AtomicInteger();

    private TestEnvironment env;
    private CognitoWebAuthnStandIn standIn;
    private CognitoIdentityProviderClient cognito;
    private String poolId;
    private String clientId;
    private ApiContract.Checked get;
    private ApiContract.Checked start;
    private ApiContract.Checked complete;
    private ApiContract.Checked rename;
    private ApiContract.Checked delete;
    private ApiContract.Checked activity;
    private ApiContract.Checked export;

    record User(String email, String sub, String token) {}

    @BeforeAll
    void start() throws Exception {
        env = TestEnvironment.create();
        standIn = CognitoWebAuthnStandIn.start(env.moto().endpoint());
        cognito = CognitoWebAuthnStandInTest.client(standIn.endpoint());
        poolId = cognito.createUserPool(r -> r.poolName("passkeys-api").usernameAttributesWithStrings("email")
                .userPoolTier("ESSENTIALS").mfaConfiguration("OPTIONAL")
                .policies(p -> p.signInPolicy(s -> s.allowedFirstAuthFactorsWithStrings("PASSWORD", "WEB_AUTHN"))
                        .passwordPolicy(w -> w.minimumLength(12).requireLowercase(false).requireUppercase(false)
                                .requireNumbers(false).requireSymbols(false)))).userPool().id();
        standIn.relyingParty(poolId, new CognitoWebAuthnStandIn.RelyingParty(RP, "preferred"));
        clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("web")
                .explicitAuthFlowsWithStrings("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")).userPoolClient().clientId();
        LocalNotices.allowSender(env.moto().endpoint(), SENDER);
        Api api = api(Map.of(), Clock.systemUTC());
        get = ApiContract.checked(new GetSecurityInfoHandler(api));
        start = ApiContract.checked(new PostPasskeysHandler(api));
        complete = ApiContract.checked(new PostPasskeysVerifyHandler(api));
        rename = ApiContract.checked(new PatchPasskeyHandler(api));
        delete = ApiContract.checked(new DeletePasskeyHandler(api));
        activity = ApiContract.checked(new ListActivityHandler(api));
        export = ApiContract.checked(new ExportHandler(api));
    }

    @AfterAll
    void stop() {
        cognito.close();
        standIn.close();
        env.close();
    }

    private Map<String, String> settings(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("TOKEN_ISSUER", issuer());
        settings.put("TOKEN_AUDIENCE", "");
        settings.put("COGNITO_CLIENT_ID", clientId);
        settings.put("JWKS_URI", env.moto().endpoint() + "/" + poolId + "/.well-known/jwks.json");
        settings.put("TOKEN_TYPES", "JWT,absent");
        settings.put("USER_POOL_ID", poolId);
        settings.put("USER_POOL_MFA", "OPTIONAL");
        settings.put("COGNITO_ENDPOINT", standIn.endpoint().toString());
        settings.put("SES_ENDPOINT", env.moto().endpoint().toString());
        settings.put("NOTIFICATION_SENDER", SENDER);
        settings.put("PASSKEY_REGISTRATION", "portal");
        settings.putAll(overrides);
        return settings;
    }

    private Api api(Map<String, String> overrides, Clock clock) {
        return env.api(settings(overrides), clock);
    }

    private String issuer() {
        return "https://cognito-idp." + Moto.REGION + ".amazonaws.com/" + poolId;
    }

    private User newUser() {
        String email = "passkeys" + USERS.incrementAndGet() + "-" + System.nanoTime() % 100000 + "@contoso.example";
        String password = "Correct-Horse-Battery-" + USERS.get();
        var created = cognito.adminCreateUser(r -> r.userPoolId(poolId).username(email).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(AttributeType.builder().name("email").value(email).build(),
                        AttributeType.builder().name("email_verified").value("true").build()));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username(email).password(password).permanent(true));
        String sub = created.user().attributes().stream().filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
        String token = cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", email, "PASSWORD", password))).authenticationResult().accessToken();
        return new User(email, sub, token);
    }

    // --- helpers -------------------------------------------------------------------------------

    private static APIGatewayV2HTTPEvent event(String sample, String token, String body) {
        APIGatewayV2HTTPEvent event = Events.withToken(Events.load(sample), token);
        event.setBody(body);
        if (body == null) {
            event.getHeaders().remove("content-type");
        } else {
            event.getHeaders().put("content-type", "application/json");
        }
        return event;
    }

    private static APIGatewayV2HTTPEvent passkeyEvent(String sample, String token, String id, String body) {
        APIGatewayV2HTTPEvent event = event(sample, token, body);
        event.setPathParameters(Map.of("passkeyId", id));
        event.setRawPath("/me/security-info/passkeys/" + id);
        event.getRequestContext().getHttp().setPath("/me/security-info/passkeys/" + id);
        return event;
    }

    private static APIGatewayV2HTTPResponse call(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                                                 APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new TestContext());
    }

    private JsonNode securityInfo(String token) {
        APIGatewayV2HTTPResponse response = call(get, event("get-me-security-info", token, null));
        assertEquals(200, response.getStatusCode(), response::getBody);
        return Responses.json(response);
    }

    private JsonNode startCeremony(String token) {
        APIGatewayV2HTTPResponse started = call(start, event("post-me-security-info-passkeys", token, null));
        assertEquals(200, started.getStatusCode(), started::getBody);
        JsonNode answer = Responses.json(started);
        assertEquals("portal", answer.path("mode").asText());
        return answer.path("publicKey");
    }

    private static SoftwareAuthenticator.Ceremony ceremony() {
        return SoftwareAuthenticator.Ceremony.at(TestEnvironment.WEB_ORIGIN, RP);
    }

    private APIGatewayV2HTTPResponse completeWith(String token, JsonNode credential, String name) {
        ObjectNode body = MAPPER.createObjectNode();
        body.set("credential", credential);
        if (name != null) {
            body.put("name", name);
        }
        return call(complete, event("post-me-security-info-passkeys-verify", token, body.toString()));
    }

    /** Adds a passkey the way the page does; returns its id. */
    private String addPasskey(String token, String name) {
        ObjectNode credential = SoftwareAuthenticator.register(startCeremony(token), ceremony());
        APIGatewayV2HTTPResponse added = completeWith(token, credential, name);
        assertEquals(201, added.getStatusCode(), added::getBody);
        return Responses.json(added).path("id").asText();
    }

    private List<Map<String, AttributeValue>> items(User user, String prefix) {
        return env.moto().dynamo().query(r -> r.tableName(env.table()).keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":pk", Items.s(UserKey.of(issuer(), user.sub()).partition()), ":p", Items.s(prefix))))
                .items();
    }

    private List<String> operations(User user) {
        return items(user, "ACTIVITY#").stream().map(i -> i.get("operation").s()).sorted().toList();
    }

    /** How many emails moto's SES recorded to {@code address} (each user here has their own address). */
    private long noticesTo(String address) throws Exception {
        String state = HttpClient.newHttpClient().send(HttpRequest.newBuilder(env.moto().endpoint().resolve("/moto-api/data.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String ses = MAPPER.readTree(state).path("ses").toString();
        long count = 0;
        for (int at = ses.indexOf(address); at >= 0; at = ses.indexOf(address, at + address.length())) {
            count++;
        }
        return count;
    }

    // --- the whole flow ------------------------------------------------------------------------

    /**
     * "Download my data" holds what the sign-in service keeps too (PRODUCT.md: a full export): the
     * user, attributes and two-step settings from Cognito's GetUser, and each passkey from
     * ListWebAuthnCredentials, read with the person's own token, beside our own item for the passkey.
     */
    @Test
    void the_export_holds_what_cognito_keeps_the_user_their_attributes_and_their_passkeys() throws Exception {
        User user = newUser();
        String id = addPasskey(user.token(), "Work laptop");

        APIGatewayV2HTTPResponse response = call(export, event("post-me-export", user.token(), null));

        assertEquals(200, response.getStatusCode(), response::getBody);
        JsonNode document = Responses.json(response).path("export");
        JsonNode record = document.path("signInService");
        assertEquals("Amazon Cognito", record.path("service").asText());
        assertEquals(user.email(), attribute(record.path("user"), "email"));
        assertEquals(user.sub(), attribute(record.path("user"), "sub"));
        assertEquals(1, record.path("passkeys").size());
        assertEquals(id, record.path("passkeys").path(0).path("CredentialId").asText());
        assertEquals(RP, record.path("passkeys").path(0).path("RelyingPartyId").asText());
        assertEquals(id, document.path("securityMethods").path(0).path("passkeyId").asText(), "our own item for it too");
        assertFalse(response.getBody().contains(user.token()), "the token that asked is not in it");
    }

    /** Half an export would pass for a whole one: when Cognito cannot be read, nothing is exported and the person is told to try again. */
    @Test
    void when_cognito_cannot_be_read_nothing_is_exported_and_it_says_try_again() throws Exception {
        User user = newUser();
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ApiContract.Checked unreachable = ApiContract.checked(new ExportHandler(
                api(Map.of("COGNITO_ENDPOINT", "http://127.0.0.1:" + closed + "/"), Clock.systemUTC())));

        APIGatewayV2HTTPResponse response = call(unreachable, event("post-me-export", user.token(), null));

        JsonNode problem = Responses.problem(response, 503);
        assertTrue(problem.path("detail").asText().contains("Try again"), problem::toString);
        assertFalse(response.getBody().contains(user.email()));
    }

    /**
     * Two tabs show a passkey by the authenticator's name (none of ours yet); the first names it, the
     * second, naming what it saw, gets 409 with the name now: nothing of it is written.
     */
    @Test
    void a_passkey_rename_based_on_a_name_changed_meanwhile_is_409_and_changes_nothing() throws Exception {
        User user = newUser();
        String id = addPasskey(user.token(), null);
        String shown = securityInfo(user.token()).path("passkeys").path(0).path("name").asText();
        String body = "{\"name\":\"%s\",\"current\":\"" + shown + "\"}";

        APIGatewayV2HTTPResponse first = call(rename, passkeyEvent("patch-me-security-info-passkey", user.token(), id,
                body.formatted("Tab one")));
        APIGatewayV2HTTPResponse second = call(rename, passkeyEvent("patch-me-security-info-passkey", user.token(), id,
                body.formatted("Tab two")));

        assertEquals(200, first.getStatusCode(), first::getBody);
        assertEquals("Tab one", Responses.problem(second, 409).path("currentName").asText());
        assertEquals("Tab one", securityInfo(user.token()).path("passkeys").path(0).path("name").asText());
        assertEquals(1, operations(user).stream().filter("method.renamed"::equals).count(), "one rename happened");
    }

    private static String attribute(JsonNode user, String name) {
        for (JsonNode attribute : user.path("UserAttributes")) {
            if (attribute.path("Name").asText().equals(name)) {
                return attribute.path("Value").asText();
            }
        }
        return null;
    }

    @Test
    void a_passkey_is_added_listed_named_and_removed_each_with_an_activity_entry_and_a_notice() throws Exception {
        User user = newUser();
        JsonNode before = securityInfo(user.token());
        assertEquals(0, before.path("passkeys").size());
        assertEquals("off", before.path("policy").path("twoStepVerification").path("status").asText());
        assertFalse(before.path("policy").path("twoStepVerification").path("phishingResistant").asBoolean());
        assertEquals("portal", before.path("passkeyRegistration").path("mode").asText());

        JsonNode options = startCeremony(user.token());
        assertEquals(RP, options.path("rp").path("id").asText());
        ObjectNode credential = SoftwareAuthenticator.register(options, ceremony());
        APIGatewayV2HTTPResponse added = completeWith(user.token(), credential, "Laptop");

        assertEquals(201, added.getStatusCode(), added::getBody);
        JsonNode passkey = Responses.json(added);
        String id = credential.path("id").asText();
        assertEquals(id, passkey.path("id").asText());
        assertEquals("/me/security-info/passkeys/" + id, Responses.header(added, "Location"));
        assertEquals("Laptop", passkey.path("name").asText());
        assertTrue(passkey.path("named").asBoolean());
        assertTrue(passkey.path("signsInWithoutPassword").asBoolean(), "the authenticator verified the user");
        assertEquals("platform", passkey.path("attachment").asText());

        JsonNode listed = securityInfo(user.token());
        assertEquals(1, listed.path("passkeys").size());
        assertEquals("Laptop", listed.path("passkeys").path(0).path("name").asText());
        // A passkey is a first factor: a password sign-in still asks for nothing else, so two-step stays off.
        assertEquals("off", listed.path("policy").path("twoStepVerification").path("status").asText());
        assertTrue(listed.path("policy").path("twoStepVerification").path("phishingResistant").asBoolean());
        assertTrue(listed.path("policy").path("twoStepVerification").path("text").asText()
                .contains("signing in with your password asks for nothing else"));

        APIGatewayV2HTTPResponse renamed = call(rename, passkeyEvent("patch-me-security-info-passkey", user.token(), id,
                "{\"name\":\"Work laptop\"}"));
        assertEquals(200, renamed.getStatusCode(), renamed::getBody);
        assertEquals("Work laptop", securityInfo(user.token()).path("passkeys").path(0).path("name").asText());

        APIGatewayV2HTTPResponse removed = call(delete, passkeyEvent("delete-me-security-info-passkey", user.token(), id, null));
        assertEquals(204, removed.getStatusCode(), removed::getBody);
        JsonNode after = securityInfo(user.token());
        assertEquals(0, after.path("passkeys").size());
        assertEquals("off", after.path("policy").path("twoStepVerification").path("status").asText());
        assertTrue(items(user, "METHOD#PASSKEY#").isEmpty(), "our item goes with the key");
        assertEquals(List.of("method.added", "method.removed", "method.renamed"), operations(user));
        assertEquals(3, noticesTo(user.email()), "added, renamed, removed: each told to the email on file");
    }

    @Test
    void a_security_key_without_user_verification_is_listed_as_needing_more_than_itself() {
        User user = newUser();
        ObjectNode credential = SoftwareAuthenticator.register(startCeremony(user.token()),
                new SoftwareAuthenticator.Ceremony(TestEnvironment.WEB_ORIGIN, RP, false, "cross-platform"));

        APIGatewayV2HTTPResponse added = completeWith(user.token(), credential, null);

        assertEquals(201, added.getStatusCode(), added::getBody);
        JsonNode passkey = securityInfo(user.token()).path("passkeys").path(0);
        assertFalse(passkey.path("signsInWithoutPassword").asBoolean());
        assertFalse(passkey.path("named").asBoolean());
        assertEquals(passkey.path("authenticatorName").asText(), passkey.path("name").asText(), "the authenticator's name until one is given");
        assertEquals("cross-platform", passkey.path("attachment").asText());
    }

    // --- passkeys added at the sign-in service, not through us ----------------------------------

    /** Adds a passkey as managed login does: at the sign-in service with the user's access token, not through our API. */
    private static String addedAtTheSignInService(CognitoIdentityProviderClient signInService, String token) {
        JsonNode options = CognitoWebAuthnStandInTest.json(signInService.startWebAuthnRegistration(r -> r.accessToken(token))
                .credentialCreationOptions());
        ObjectNode credential = SoftwareAuthenticator.register(options, ceremony());
        signInService.completeWebAuthnRegistration(r -> r.accessToken(token).credential(CognitoWebAuthnStandInTest.document(credential)));
        return credential.path("id").asText();
    }

    /** The user's activity as the Activity page reads it. */
    private JsonNode activityOf(User user) {
        APIGatewayV2HTTPResponse response = call(activity, event("get-me-activity", user.token(), null));
        assertEquals(200, response.getStatusCode(), response::getBody);
        return Responses.json(response).path("entries");
    }

    @Test
    void a_passkey_added_at_the_sign_in_service_is_recorded_by_the_next_read_with_one_activity_entry_and_one_notice() throws Exception {
        User user = newUser();
        String id = addedAtTheSignInService(cognito, user.token());

        JsonNode first = securityInfo(user.token());
        JsonNode second = securityInfo(user.token());

        assertEquals(1, first.path("passkeys").size());
        assertEquals(id, first.path("passkeys").path(0).path("id").asText());
        assertFalse(first.path("passkeys").path(0).path("named").asBoolean(), "the authenticator's name shows");
        assertEquals(first.path("passkeys"), second.path("passkeys"));
        assertEquals(1, items(user, "METHOD#PASSKEY#" + id).size(), "our item, so it is not looked at again");
        JsonNode entries = activityOf(user);
        assertEquals(1, entries.size(), entries::toString);
        assertEquals("method.added", entries.path(0).path("operation").asText());
        assertEquals("sign-in-service", entries.path(0).path("actor").asText());
        assertTrue(entries.path(0).path("sourceIp").isNull(), "not the address of the read that noticed it");
        assertEquals(first.path("passkeys").path(0).path("addedAt").asText(), entries.path(0).path("at").asText(),
                "when the sign-in service says it was added");
        assertEquals(1, noticesTo(user.email()), "one notice to the email on file, not one per read");

        APIGatewayV2HTTPResponse renamed = call(rename, passkeyEvent("patch-me-security-info-passkey", user.token(), id,
                "{\"name\":\"Phone\"}"));
        assertEquals(200, renamed.getStatusCode(), renamed::getBody);
        assertEquals("Phone", securityInfo(user.token()).path("passkeys").path(0).path("name").asText());
        assertEquals(List.of("method.added", "method.renamed"), operations(user));
    }

    @Test
    void of_two_reads_racing_over_a_passkey_added_at_the_sign_in_service_one_records_it_and_notifies_and_the_other_leaves_it()
            throws Exception {
        User user = newUser();
        String id = addedAtTheSignInService(cognito, user.token());
        // The race made certain, not left to the scheduler: this read has read our items (none for the key) and is
        // about to write when another read records the key and notifies first.
        FaultyDynamoDb raced = FaultyDynamoDb.over(env.moto().dynamo())
                .aroundNextTransaction(() -> securityInfo(user.token()), () -> { });
        ApiContract.Checked read = ApiContract.checked(new GetSecurityInfoHandler(env.api(settings(Map.of()), raced)));

        APIGatewayV2HTTPResponse lost = call(read, event("get-me-security-info", user.token(), null));

        assertEquals(200, lost.getStatusCode(), lost::getBody);
        assertEquals(id, Responses.json(lost).path("passkeys").path(0).path("id").asText(), "a lost race is no error");
        assertEquals(1, raced.transactions(), "the losing read did try to record it");
        assertEquals(List.of("method.added"), operations(user));
        assertEquals(1, noticesTo(user.email()), "one notice: the read that recorded it sent it");
    }

    @Test
    void a_read_that_lists_a_passkey_being_added_here_before_this_request_records_it_leaves_one_entry_one_notice_and_the_name()
            throws Exception {
        User user = newUser();
        ObjectNode body = MAPPER.createObjectNode();
        body.set("credential", SoftwareAuthenticator.register(startCeremony(user.token()), ceremony()));
        body.put("name", "Laptop");
        // The page (another tab, say) reads the security info after Cognito kept the key, before this request records it.
        FaultyDynamoDb raced = FaultyDynamoDb.over(env.moto().dynamo())
                .aroundNextTransaction(() -> securityInfo(user.token()), () -> { });
        ApiContract.Checked completing = ApiContract.checked(new PostPasskeysVerifyHandler(env.api(settings(Map.of()), raced)));

        APIGatewayV2HTTPResponse added = call(completing, event("post-me-security-info-passkeys-verify", user.token(), body.toString()));

        assertEquals(201, added.getStatusCode(), added::getBody);
        assertEquals(1, raced.transactions(), "this request did try to record it");
        JsonNode listed = securityInfo(user.token()).path("passkeys").path(0);
        assertEquals("Laptop", listed.path("name").asText(), "the name given here goes on the item the read made");
        assertTrue(listed.path("signsInWithoutPassword").asBoolean());
        assertEquals(List.of("method.added"), operations(user), "one add, one entry");
        assertEquals(1, noticesTo(user.email()), "one add, one email");
    }

    /** moto's DynamoDB, with what another request does just before the read of our security-info items is sent. */
    private static DynamoDbClient beforeTheItemsAreRead(DynamoDbClient real, Runnable meanwhile) {
        AtomicBoolean done = new AtomicBoolean();
        return new DynamoDbClient() {
            @Override
            public QueryResponse query(QueryRequest request) {
                if (request.expressionAttributeValues().containsKey(":method") && done.compareAndSet(false, true)) {
                    meanwhile.run();
                }
                return real.query(request);
            }

            @Override public GetItemResponse getItem(GetItemRequest request) { return real.getItem(request); }
            @Override public PutItemResponse putItem(PutItemRequest request) { return real.putItem(request); }
            @Override public UpdateItemResponse updateItem(UpdateItemRequest request) { return real.updateItem(request); }
            @Override public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
                return real.transactWriteItems(request);
            }
            @Override public String serviceName() { return real.serviceName(); }
            @Override public void close() { }
        };
    }

    @Test
    void a_passkey_removed_while_a_read_runs_is_not_taken_for_one_added_elsewhere() throws Exception {
        User user = newUser();
        String id = addPasskey(user.token(), "Laptop");
        // The removal (Cognito's key, then our item) completes while a read runs, just before it reads our items.
        DynamoDbClient meanwhile = beforeTheItemsAreRead(env.moto().dynamo(), () -> assertEquals(204,
                call(delete, passkeyEvent("delete-me-security-info-passkey", user.token(), id, null)).getStatusCode()));
        ApiContract.Checked read = ApiContract.checked(new GetSecurityInfoHandler(env.api(settings(Map.of()), meanwhile)));

        APIGatewayV2HTTPResponse answered = call(read, event("get-me-security-info", user.token(), null));

        assertEquals(200, answered.getStatusCode(), answered::getBody);
        assertEquals(List.of("method.added", "method.removed"), operations(user));
        assertEquals(2, noticesTo(user.email()), "added and removed, and no false 'added'");
        assertTrue(items(user, "METHOD#PASSKEY#").isEmpty(), "no item for a removed key");
        assertEquals(0, Responses.json(answered).path("passkeys").size());
    }

    @Test
    void when_recording_a_passkey_added_at_the_sign_in_service_fails_the_read_still_answers_and_the_next_read_records_it()
            throws Exception {
        User user = newUser();
        String id = addedAtTheSignInService(cognito, user.token());
        FaultyDynamoDb throttled = FaultyDynamoDb.over(env.moto().dynamo()).cancelTransactions("ThrottlingError", 1);
        ApiContract.Checked read = ApiContract.checked(new GetSecurityInfoHandler(env.api(settings(Map.of()), throttled)));

        APIGatewayV2HTTPResponse answered = call(read, event("get-me-security-info", user.token(), null));

        assertEquals(200, answered.getStatusCode(), answered::getBody);
        assertEquals(id, Responses.json(answered).path("passkeys").path(0).path("id").asText(), "the list, recorded or not");
        assertEquals(1, throttled.transactions());
        assertTrue(items(user, "METHOD#PASSKEY#").isEmpty(), "nothing half written");
        assertTrue(operations(user).isEmpty());
        assertEquals(0, noticesTo(user.email()), "no notice for what was not recorded");

        securityInfo(user.token());

        assertEquals(1, items(user, "METHOD#PASSKEY#" + id).size());
        assertEquals(List.of("method.added"), operations(user));
        assertEquals(1, noticesTo(user.email()));
    }

    @Test
    void a_passkey_the_sign_in_service_had_for_more_than_a_day_is_recorded_silently() throws Exception {
        User user = newUser();
        // A second stand-in in front of the same moto whose keys are made a day and an hour ago (the portal
        // not yet deployed, say); the functions read it with today's clock.
        try (CognitoWebAuthnStandIn before = CognitoWebAuthnStandIn.start(env.moto().endpoint(),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(-25)));
             CognitoIdentityProviderClient signInService = CognitoWebAuthnStandInTest.client(before.endpoint())) {
            before.relyingParty(poolId, new CognitoWebAuthnStandIn.RelyingParty(RP, "preferred"));
            String id = addedAtTheSignInService(signInService, user.token());
            ApiContract.Checked read = ApiContract.checked(new GetSecurityInfoHandler(
                    api(Map.of("COGNITO_ENDPOINT", before.endpoint().toString()), Clock.systemUTC())));

            APIGatewayV2HTTPResponse first = call(read, event("get-me-security-info", user.token(), null));
            APIGatewayV2HTTPResponse later = call(read, event("get-me-security-info", user.token(), null));

            assertEquals(200, first.getStatusCode(), first::getBody);
            assertEquals(200, later.getStatusCode(), later::getBody);
            assertEquals(id, Responses.json(first).path("passkeys").path(0).path("id").asText());
            assertEquals(Responses.json(first).path("passkeys"), Responses.json(later).path("passkeys"));
            assertEquals(1, items(user, "METHOD#PASSKEY#" + id).size(), "recorded, so it is not looked at again");
            assertTrue(operations(user).isEmpty(), "no activity entry: it was not added now");
            assertEquals(0, activityOf(user).size());
            assertEquals(0, noticesTo(user.email()), "no email saying it was added now");
        }
    }

    // --- ownership -----------------------------------------------------------------------------

    @Test
    void another_users_credential_id_is_404_and_nothing_is_deleted_or_renamed() {
        User ada = newUser();
        User alan = newUser();
        String adas = addPasskey(ada.token(), "Ada's key");

        APIGatewayV2HTTPResponse deleted = call(delete, passkeyEvent("delete-me-security-info-passkey", alan.token(), adas, null));
        APIGatewayV2HTTPResponse renamed = call(rename, passkeyEvent("patch-me-security-info-passkey", alan.token(), adas,
                "{\"name\":\"Mine now\"}"));

        Responses.problem(deleted, 404);
        Responses.problem(renamed, 404);
        JsonNode adasInfo = securityInfo(ada.token());
        assertEquals(1, adasInfo.path("passkeys").size(), "Ada's key is still there");
        assertEquals("Ada's key", adasInfo.path("passkeys").path(0).path("name").asText());
        assertTrue(items(alan, "METHOD#").isEmpty(), "nothing written for Alan");
        assertTrue(operations(alan).isEmpty());
    }

    @Test
    void an_id_that_is_no_credential_id_is_404() {
        User user = newUser();
        Responses.problem(call(delete, passkeyEvent("delete-me-security-info-passkey", user.token(), "not a credential id", null)), 404);
    }

    // --- refused registration responses ----------------------------------------------------------

    private static String why(APIGatewayV2HTTPResponse response) {
        JsonNode problem = Responses.problem(response, 400);
        assertEquals("credential", problem.path("errors").path(0).path("field").asText(), problem::toString);
        return problem.path("errors").path(0).path("message").asText();
    }

    @Test
    void a_replayed_registration_response_is_400_naming_why_and_adds_nothing() {
        User user = newUser();
        ObjectNode credential = SoftwareAuthenticator.register(startCeremony(user.token()), ceremony());
        assertEquals(201, completeWith(user.token(), credential, "Once").getStatusCode());

        String replayed = why(completeWith(user.token(), credential, "Twice"));
        startCeremony(user.token());
        String replayedAfterAnotherStart = why(completeWith(user.token(), credential, "Thrice"));

        assertTrue(replayed.contains("replayed"), replayed);
        assertTrue(replayedAfterAnotherStart.contains("replayed"), replayedAfterAnotherStart);
        assertEquals(1, securityInfo(user.token()).path("passkeys").size());
        assertEquals(List.of("method.added"), operations(user));
    }

    @Test
    void a_repeat_with_the_same_Idempotency_Key_answers_the_first_201_without_calling_Cognito_writing_or_emailing_again() throws Exception {
        User user = newUser();
        ObjectNode credential = SoftwareAuthenticator.register(startCeremony(user.token()), ceremony());
        ObjectNode body = MAPPER.createObjectNode();
        body.set("credential", credential);
        body.put("name", "Laptop");
        APIGatewayV2HTTPResponse first;
        APIGatewayV2HTTPResponse repeat;
        try (CountingProxy cognitoCalls = CountingProxy.to(standIn.endpoint())) {
            ApiContract.Checked completing = ApiContract.checked(new PostPasskeysVerifyHandler(
                    api(Map.of("COGNITO_ENDPOINT", cognitoCalls.endpoint().toString()), Clock.systemUTC())));
            APIGatewayV2HTTPEvent keyed = event("post-me-security-info-passkeys-verify", user.token(), body.toString());
            keyed.getHeaders().put("idempotency-key", "add-laptop-1");
            first = call(completing, keyed);
            assertEquals(201, first.getStatusCode(), first::getBody);
            cognitoCalls.clear();

            APIGatewayV2HTTPEvent again = event("post-me-security-info-passkeys-verify", user.token(), body.toString());
            again.getHeaders().put("idempotency-key", "add-laptop-1");
            repeat = call(completing, again);

            assertEquals(List.of(), cognitoCalls.operations(), "the sign-in service is not asked again");
        }
        assertEquals(201, repeat.getStatusCode(), repeat::getBody);
        assertEquals(first.getBody(), repeat.getBody());
        assertEquals(Responses.header(first, "Location"), Responses.header(repeat, "Location"));
        assertEquals(List.of("method.added"), operations(user), "one activity entry");
        assertEquals(1, noticesTo(user.email()), "one notice");
        String withoutKey = why(completeWith(user.token(), credential, "Laptop"));
        assertTrue(withoutKey.contains("replayed"), "without the key the response is checked afresh, as before: " + withoutKey);
    }

    @Test
    void a_tampered_registration_response_is_400_naming_why() throws Exception {
        User user = newUser();
        ObjectNode otherOrigin = SoftwareAuthenticator.withClientData(
                SoftwareAuthenticator.register(startCeremony(user.token()), ceremony()), "origin", "https://evil.example");
        String origin = why(completeWith(user.token(), otherOrigin, null));

        ObjectNode otherSite = SoftwareAuthenticator.register(startCeremony(user.token()), ceremony().withRpId("evil.example"));
        String site = why(completeWith(user.token(), otherSite, null));

        ObjectNode cut = SoftwareAuthenticator.register(startCeremony(user.token()), ceremony());
        String attestation = cut.path("response").path("attestationObject").asText();
        ((ObjectNode) cut.path("response")).put("attestationObject", attestation.substring(0, attestation.length() / 8 * 4));
        String broken = why(completeWith(user.token(), cut, null));

        assertTrue(origin.contains("origin"), origin);
        assertTrue(site.contains("another site"), site);
        assertTrue(broken.contains("not a valid passkey registration"), broken);
        assertEquals(0, securityInfo(user.token()).path("passkeys").size());
        assertTrue(operations(user).isEmpty());
    }

    @Test
    void a_body_without_a_registration_response_is_400_on_credential() {
        User user = newUser();
        APIGatewayV2HTTPResponse missing = call(complete, event("post-me-security-info-passkeys-verify", user.token(), "{\"name\":\"x\"}"));
        APIGatewayV2HTTPResponse extra = call(complete, event("post-me-security-info-passkeys-verify", user.token(),
                "{\"credential\":{\"id\":\"abc\",\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"e30\",\"attestationObject\":\"AA\"}},\"admin\":true}"));

        assertEquals("credential", Responses.problem(missing, 400).path("errors").path(0).path("field").asText());
        assertEquals("admin", Responses.problem(extra, 400).path("errors").path(0).path("field").asText());
    }

    // --- step-up -------------------------------------------------------------------------------

    @Test
    void without_a_recent_sign_in_every_change_is_a_401_challenge_and_nothing_changes() {
        User user = newUser();
        String id = addPasskey(user.token(), "Kept");
        MutableClock later = MutableClock.now();
        later.advance(Duration.ofMinutes(11));
        Api stale = api(Map.of(), later);

        List<APIGatewayV2HTTPResponse> answers = List.of(
                call(ApiContract.checked(new PostPasskeysHandler(stale)), event("post-me-security-info-passkeys", user.token(), null)),
                call(ApiContract.checked(new PostPasskeysVerifyHandler(stale)), event("post-me-security-info-passkeys-verify", user.token(),
                        MAPPER.createObjectNode().set("credential", SoftwareAuthenticator.register(startCeremony(user.token()), ceremony())).toString())),
                call(ApiContract.checked(new PatchPasskeyHandler(stale)), passkeyEvent("patch-me-security-info-passkey", user.token(), id,
                        "{\"name\":\"Renamed\"}")),
                call(ApiContract.checked(new DeletePasskeyHandler(stale)), passkeyEvent("delete-me-security-info-passkey", user.token(), id, null)));

        for (APIGatewayV2HTTPResponse answer : answers) {
            Responses.problem(answer, 401);
            assertTrue(Responses.header(answer, "WWW-Authenticate").contains("insufficient_user_authentication"), answer::getBody);
            assertTrue(Responses.header(answer, "WWW-Authenticate").contains("max_age=600"), answer::getBody);
        }
        JsonNode info = securityInfo(user.token());
        assertEquals(1, info.path("passkeys").size());
        assertEquals("Kept", info.path("passkeys").path(0).path("name").asText());
        assertEquals(List.of("method.added"), operations(user));
    }

    // --- reading, configuration ----------------------------------------------------------------

    @Test
    void a_warm_GET_costs_one_query_one_GetUser_and_one_ListWebAuthnCredentials_on_the_wire() {
        User user = newUser();
        try (CountingProxy dynamo = CountingProxy.to(env.moto().endpoint());
             CountingProxy cognitoCalls = CountingProxy.to(standIn.endpoint())) {
            Api counted = api(Map.of("DYNAMODB_ENDPOINT", dynamo.endpoint().toString(),
                    "COGNITO_ENDPOINT", cognitoCalls.endpoint().toString()), Clock.systemUTC());
            ApiContract.Checked handler = ApiContract.checked(new GetSecurityInfoHandler(counted));
            call(handler, event("get-me-security-info", user.token(), null));
            dynamo.clear();
            cognitoCalls.clear();

            APIGatewayV2HTTPResponse response = call(handler, event("get-me-security-info", user.token(), null));

            assertEquals(200, response.getStatusCode(), response::getBody);
            assertEquals(List.of("Query"), dynamo.operations());
            assertEquals(List.of("GetUser", "ListWebAuthnCredentials"), cognitoCalls.operations());
        }
    }

    @Test
    void a_passkey_added_at_the_sign_in_service_costs_its_first_read_one_write_and_later_reads_none() {
        User user = newUser();
        addPasskey(user.token(), "Laptop");
        try (CountingProxy dynamo = CountingProxy.to(env.moto().endpoint())) {
            ApiContract.Checked handler = ApiContract.checked(new GetSecurityInfoHandler(
                    api(Map.of("DYNAMODB_ENDPOINT", dynamo.endpoint().toString()), Clock.systemUTC())));
            call(handler, event("get-me-security-info", user.token(), null)); // warm: the sign-out time is cached
            dynamo.clear();
            addedAtTheSignInService(cognito, user.token());

            APIGatewayV2HTTPResponse first = call(handler, event("get-me-security-info", user.token(), null));
            List<String> recording = dynamo.operations();
            dynamo.clear();
            APIGatewayV2HTTPResponse later = call(handler, event("get-me-security-info", user.token(), null));

            assertEquals(200, first.getStatusCode(), first::getBody);
            assertEquals(200, later.getStatusCode(), later::getBody);
            assertEquals(2, Responses.json(later).path("passkeys").size());
            assertEquals(List.of("Query", "TransactWriteItems"), recording, "the one added elsewhere, not the one added here");
            assertEquals(List.of("Query"), dynamo.operations(), "every listed passkey has its item: no more work");
        }
    }

    @Test
    void with_passkeys_not_configured_the_page_has_none_and_adding_one_is_409() {
        User user = newUser();
        Api off = api(Map.of("PASSKEY_REGISTRATION", ""), Clock.systemUTC());

        JsonNode info = Responses.json(call(ApiContract.checked(new GetSecurityInfoHandler(off)),
                event("get-me-security-info", user.token(), null)));
        APIGatewayV2HTTPResponse refused = call(ApiContract.checked(new PostPasskeysHandler(off)),
                event("post-me-security-info-passkeys", user.token(), null));

        assertTrue(info.path("passkeys").isMissingNode());
        assertTrue(info.path("passkeyRegistration").isMissingNode());
        assertEquals("urn:myprofile:problem:passkeys-not-offered", Responses.problem(refused, 409).path("type").asText());
    }

    @Test
    void with_the_relying_party_at_managed_login_the_page_sends_people_to_its_add_page_and_back() {
        User user = newUser();
        Api managed = api(Map.of("PASSKEY_REGISTRATION", "managed-login",
                "MANAGED_LOGIN_URL", "https://myprofile.auth.us-east-1.amazoncognito.com"), Clock.systemUTC());
        String expected = "https://myprofile.auth.us-east-1.amazoncognito.com/passkeys/add?client_id=" + clientId
                + "&redirect_uri=" + URLEncoder.encode(TestEnvironment.WEB_ORIGIN + "/", StandardCharsets.UTF_8);

        APIGatewayV2HTTPResponse started = call(ApiContract.checked(new PostPasskeysHandler(managed)),
                event("post-me-security-info-passkeys", user.token(), null));
        JsonNode info = Responses.json(call(ApiContract.checked(new GetSecurityInfoHandler(managed)),
                event("get-me-security-info", user.token(), null)));

        assertEquals(200, started.getStatusCode(), started::getBody);
        assertEquals("managed-login", Responses.json(started).path("mode").asText());
        assertEquals(expected, Responses.json(started).path("url").asText());
        assertEquals(expected, info.path("passkeyRegistration").path("addUrl").asText());
    }

    @Test
    void a_pool_without_passkeys_enabled_is_409_saying_so() {
        String plain = cognito.createUserPool(r -> r.poolName("no-passkeys").usernameAttributesWithStrings("email")
                .userPoolTier("ESSENTIALS")).userPool().id();
        String plainClient = cognito.createUserPoolClient(r -> r.userPoolId(plain).clientName("web")
                .explicitAuthFlowsWithStrings("ALLOW_USER_PASSWORD_AUTH")).userPoolClient().clientId();
        String email = "plain" + USERS.incrementAndGet() + "@contoso.example";
        cognito.adminCreateUser(r -> r.userPoolId(plain).username(email).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(AttributeType.builder().name("email").value(email).build()));
        cognito.adminSetUserPassword(r -> r.userPoolId(plain).username(email).password("Correct-Horse-Battery-1!").permanent(true));
        String token = cognito.initiateAuth(r -> r.clientId(plainClient).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", email, "PASSWORD", "Correct-Horse-Battery-1!"))).authenticationResult().accessToken();
        Api other = api(Map.of("USER_POOL_ID", plain, "COGNITO_CLIENT_ID", plainClient,
                "TOKEN_ISSUER", "https://cognito-idp." + Moto.REGION + ".amazonaws.com/" + plain,
                "JWKS_URI", env.moto().endpoint() + "/" + plain + "/.well-known/jwks.json"), Clock.systemUTC());

        APIGatewayV2HTTPResponse refused = call(ApiContract.checked(new PostPasskeysHandler(other)),
                event("post-me-security-info-passkeys", token, null));

        assertEquals("urn:myprofile:problem:passkeys-not-enabled", Responses.problem(refused, 409).path("type").asText());
    }
}

package dev.myprofile.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.myprofile.activity.entrypoints.ListSignInsHandler;
import dev.myprofile.local.AuthEventsPools.User;
import dev.myprofile.activity.entrypoints.SignInFeedbackHandler;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.http.Api;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.CountingProxy;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.Responses;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthEventType;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recent sign-ins routes through the real handlers with real payload-2.0 events, against moto's
 * DynamoDB and Cognito, with Cognito's AdminListUserAuthEvents and AdminUpdateAuthEventFeedback
 * answered by the stand-in in front of moto, fed the way the local sign-in feeds it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInsApiTest {
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

    private TestEnvironment env;
    private CognitoAuthEventsStandIn standIn;
    private CognitoIdentityProviderClient cognito;
    private String poolId;
    private String clientId;
    private ApiContract.Checked list;
    private ApiContract.Checked feedback;

    @BeforeAll
    void start() throws Exception {
        env = TestEnvironment.create();
        standIn = CognitoAuthEventsStandIn.start(env.moto().endpoint());
        cognito = CognitoWebAuthnStandInTest.client(standIn.endpoint());
        poolId = pool("AUDIT");
        clientId = AuthEventsPools.webClient(cognito, poolId);
        Api api = env.api(settings(poolId, Map.of()), Clock.systemUTC());
        list = ApiContract.checked(new ListSignInsHandler(api));
        feedback = ApiContract.checked(new SignInFeedbackHandler(api));
    }

    @AfterAll
    void stop() {
        cognito.close();
        standIn.close();
        env.close();
    }

    private String pool(String mode) {
        return AuthEventsPools.pool(cognito, "sign-ins-api", mode);
    }

    private Map<String, String> settings(String pool, Map<String, String> overrides) {
        Map<String, String> settings = AuthEventsPools.settings(env.moto().endpoint(), pool, clientId, standIn.endpoint());
        settings.putAll(overrides);
        return settings;
    }

    private static String issuer(String pool) {
        return AuthEventsPools.issuer(pool);
    }

    private User newUser() {
        return newUser(poolId, clientId);
    }

    private User newUser(String pool, String client) {
        return AuthEventsPools.newUser(cognito, pool, client, "signins");
    }

    /** A sign-in as the local sign-in reports one: a wrong password, a password alone, or a password and a second step. */
    private void wrongPassword(User user, String ip, String agent) {
        standIn.signedIn(poolId, user.email(), false, List.of(CognitoAuthEventsStandIn.Step.password(false)), ip, agent);
    }

    private void signedIn(User user, boolean secondStep, String ip, String agent) throws InterruptedException {
        standIn.signedIn(poolId, user.email(), true, secondStep
                ? List.of(CognitoAuthEventsStandIn.Step.password(true), CognitoAuthEventsStandIn.Step.secondStep(true))
                : List.of(CognitoAuthEventsStandIn.Step.password(true)), ip, agent);
    }

    private static APIGatewayV2HTTPResponse call(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                                                 APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new TestContext());
    }

    private APIGatewayV2HTTPEvent listEvent(String token, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = Events.withToken(Events.load("get-me-sign-ins"), token);
        event.setQueryStringParameters(query);
        return event;
    }

    private JsonNode page(User user, Map<String, String> query) {
        APIGatewayV2HTTPResponse response = call(list, listEvent(user.token(), query));
        assertEquals(200, response.getStatusCode(), response::getBody);
        return Responses.json(response);
    }

    private static APIGatewayV2HTTPEvent feedbackEvent(String token, String eventId, String body) {
        APIGatewayV2HTTPEvent event = Events.withToken(Events.load("post-me-sign-in-feedback"), token);
        event.setPathParameters(Map.of("eventId", eventId));
        event.setRawPath("/me/sign-ins/" + eventId + "/feedback");
        event.getRequestContext().getHttp().setPath("/me/sign-ins/" + eventId + "/feedback");
        event.setBody(body);
        return event;
    }

    private static String answer(String value) {
        return "{\"feedback\":\"" + value + "\"}";
    }

    /** What the stand-in itself now holds for the user, asked in Cognito's own protocol. */
    private List<AuthEventType> atCognito(User user) {
        return cognito.adminListUserAuthEvents(r -> r.userPoolId(poolId).username(user.email()).maxResults(60)).authEvents();
    }

    private List<String> operations(User user) {
        return env.moto().dynamo().query(r -> r.tableName(env.table()).keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                        .expressionAttributeValues(Map.of(":pk", Items.s(UserKey.of(issuer(poolId), user.sub()).partition()),
                                ":p", Items.s("ACTIVITY#"))))
                .items().stream().map(i -> i.get("operation").s()).toList();
    }

    // --- the list ------------------------------------------------------------------------------

    @Test
    void sign_ins_come_newest_first_in_pages_with_result_steps_address_and_device() throws Exception {
        User ada = newUser();
        wrongPassword(ada, "203.0.113.7", FIREFOX);
        Thread.sleep(5);
        signedIn(ada, false, "203.0.113.7", FIREFOX);
        Thread.sleep(5);
        signedIn(ada, true, "198.51.100.20", CHROME);

        JsonNode first = page(ada, Map.of("limit", "2"));
        assertEquals("audit-only", first.path("threatProtection").asText());
        assertEquals(2, first.path("signIns").size());
        JsonNode newest = first.path("signIns").path(0);
        assertEquals("success", newest.path("result").asText());
        assertEquals("198.51.100.20", newest.path("ipAddress").asText());
        assertEquals("Chrome, Windows", newest.path("deviceName").asText());
        assertEquals("second-step", newest.path("steps").path(1).path("step").asText());
        assertTrue(newest.path("steps").path(1).path("passed").asBoolean());
        assertEquals("low", newest.path("risk").asText());
        assertTrue(newest.path("feedback").isNull());
        assertTrue(first.path("signIns").path(0).path("at").asText().compareTo(first.path("signIns").path(1).path("at").asText()) >= 0);
        assertEquals(1, first.path("signIns").path(1).path("steps").size());

        JsonNode second = page(ada, Map.of("limit", "2", "after", first.path("next").asText()));
        assertEquals(1, second.path("signIns").size());
        JsonNode failed = second.path("signIns").path(0);
        assertEquals("failed", failed.path("result").asText());
        assertEquals("password", failed.path("steps").path(0).path("step").asText());
        assertTrue(!failed.path("steps").path(0).path("passed").asBoolean());
        assertEquals("Firefox, Linux", failed.path("deviceName").asText());
        assertTrue(second.path("next").isNull());
    }

    @Test
    void a_page_token_of_another_person_or_a_made_up_one_is_400() throws Exception {
        User ada = newUser();
        User eve = newUser();
        for (int i = 0; i < 3; i++) {
            signedIn(ada, false, "203.0.113.7", FIREFOX);
        }
        String next = page(ada, Map.of("limit", "1")).path("next").asText();
        Responses.problem(call(list, listEvent(eve.token(), Map.of("after", next))), 400);
        Responses.problem(call(list, listEvent(eve.token(), Map.of("after", "bm90LWEtdG9rZW4"))), 400);
        Responses.problem(call(list, listEvent(eve.token(), Map.of("limit", "61"))), 400);
    }

    // --- the answer ----------------------------------------------------------------------------

    @Test
    void this_wasnt_me_reaches_the_sign_in_service_and_writes_the_activity_entry() throws Exception {
        User ada = newUser();
        wrongPassword(ada, "203.0.113.66", FIREFOX);
        String id = page(ada, Map.of()).path("signIns").path(0).path("id").asText();

        APIGatewayV2HTTPResponse response = call(feedback, feedbackEvent(ada.token(), id, answer("invalid")));
        assertEquals(200, response.getStatusCode(), response::getBody);
        assertEquals("invalid", Responses.json(response).path("feedback").asText());

        AuthEventType atService = atCognito(ada).get(0);
        assertEquals(id, atService.eventId());
        assertEquals("Invalid", atService.eventFeedback().feedbackValueAsString());
        assertEquals("invalid", page(ada, Map.of()).path("signIns").path(0).path("feedback").asText());
        assertEquals(List.of(SignInFeedbackHandler.REPORTED), operations(ada));
    }

    @Test
    void this_was_me_reaches_the_sign_in_service_without_an_activity_entry() throws Exception {
        User ada = newUser();
        signedIn(ada, false, "203.0.113.7", FIREFOX);
        String id = page(ada, Map.of()).path("signIns").path(0).path("id").asText();
        APIGatewayV2HTTPResponse response = call(feedback, feedbackEvent(ada.token(), id, answer("valid")));
        assertEquals(200, response.getStatusCode(), response::getBody);
        assertEquals("Valid", atCognito(ada).get(0).eventFeedback().feedbackValueAsString());
        assertEquals(List.of(), operations(ada));
    }

    @Test
    void an_answer_needs_a_recent_sign_in_and_changes_nothing_without_one() throws Exception {
        User ada = newUser();
        signedIn(ada, false, "203.0.113.7", FIREFOX);
        String id = page(ada, Map.of()).path("signIns").path(0).path("id").asText();
        Api later = env.api(settings(poolId, Map.of()), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(11)));
        ApiContract.Checked stale = ApiContract.checked(new SignInFeedbackHandler(later));

        APIGatewayV2HTTPResponse response = call(stale, feedbackEvent(ada.token(), id, answer("invalid")));
        Responses.problem(response, 401);
        assertTrue(Responses.header(response, "WWW-Authenticate").contains("insufficient_user_authentication"));
        assertNull(atCognito(ada).get(0).eventFeedback());
        assertEquals(List.of(), operations(ada));
    }

    @Test
    void another_persons_sign_in_is_404_and_stays_as_it_was() throws Exception {
        User ada = newUser();
        User eve = newUser();
        signedIn(ada, false, "203.0.113.7", FIREFOX);
        signedIn(eve, false, "192.0.2.1", CHROME);
        String adas = page(ada, Map.of()).path("signIns").path(0).path("id").asText();

        // The wire to the sign-in service: nothing is sent for an event not in the caller's own list.
        try (CountingProxy wire = CountingProxy.to(standIn.endpoint())) {
            Api watched = env.api(settings(poolId, Map.of("COGNITO_ENDPOINT", wire.endpoint().toString())), Clock.systemUTC());
            Responses.problem(call(ApiContract.checked(new SignInFeedbackHandler(watched)),
                    feedbackEvent(eve.token(), adas, answer("invalid"))), 404);
            assertEquals(List.of("AdminListUserAuthEvents"), wire.operations());
        }
        assertNull(atCognito(ada).get(0).eventFeedback());
        assertNull(atCognito(eve).get(0).eventFeedback());
        assertEquals(List.of(), operations(ada));
        assertEquals(List.of(), operations(eve));

        Responses.problem(call(feedback, feedbackEvent(eve.token(), "no-such-sign-in", answer("invalid"))), 404);
        Responses.problem(call(feedback, feedbackEvent(eve.token(), "not*an*id", answer("invalid"))), 404);
    }

    @Test
    void an_answer_other_than_valid_or_invalid_or_an_unknown_field_is_400() throws Exception {
        User ada = newUser();
        signedIn(ada, false, "203.0.113.7", FIREFOX);
        String id = page(ada, Map.of()).path("signIns").path(0).path("id").asText();
        Responses.problem(call(feedback, feedbackEvent(ada.token(), id, answer("maybe"))), 400);
        Responses.problem(call(feedback, feedbackEvent(ada.token(), id, "{\"feedback\":\"valid\",\"admin\":true}")), 400);
        assertNull(atCognito(ada).get(0).eventFeedback());
    }

    // --- threat protection off -----------------------------------------------------------------

    @Test
    void with_threat_protection_off_the_list_says_so_and_an_answer_is_409() {
        User ada = newUser();
        Api off = env.api(settings(poolId, Map.of("THREAT_PROTECTION", "off")), Clock.systemUTC());
        JsonNode page = Responses.json(call(ApiContract.checked(new ListSignInsHandler(off)), listEvent(ada.token(), Map.of())));
        assertEquals("off", page.path("threatProtection").asText());
        assertEquals(0, page.path("signIns").size());
        Responses.problem(call(ApiContract.checked(new SignInFeedbackHandler(off)),
                feedbackEvent(ada.token(), "5f0c6c2e9a1b4d6e8f0a1b2c3d4e5f60", answer("invalid"))), 409);
    }

    @Test
    void a_pool_whose_threat_protection_is_off_is_answered_as_off_whatever_the_deployment_said() {
        String offPool = pool("OFF");
        String offClient = cognito.createUserPoolClient(r -> r.userPoolId(offPool).clientName("web")
                .explicitAuthFlowsWithStrings("ALLOW_USER_PASSWORD_AUTH")).userPoolClient().clientId();
        User ada = newUser(offPool, offClient);
        Map<String, String> settings = settings(offPool, Map.of("COGNITO_CLIENT_ID", offClient));
        Api api = env.api(settings, Clock.systemUTC());
        JsonNode page = Responses.json(call(ApiContract.checked(new ListSignInsHandler(api)), listEvent(ada.token(), Map.of())));
        assertEquals("off", page.path("threatProtection").asText());
        assertEquals(0, page.path("signIns").size());
        Responses.problem(call(ApiContract.checked(new SignInFeedbackHandler(api)),
                feedbackEvent(ada.token(), "5f0c6c2e9a1b4d6e8f0a1b2c3d4e5f60", answer("invalid"))), 409);
    }

    @Test
    void without_a_cognito_pool_the_list_says_the_sign_in_service_keeps_none() {
        User ada = newUser();
        Map<String, String> settings = settings(poolId, Map.of());
        settings.put("USER_POOL_ID", "");
        Api api = env.api(settings, Clock.systemUTC());
        JsonNode page = Responses.json(call(ApiContract.checked(new ListSignInsHandler(api)), listEvent(ada.token(), Map.of())));
        assertEquals("unavailable", page.path("threatProtection").asText());
        assertEquals(new ArrayList<>(), new ArrayList<>(page.path("signIns").findValuesAsText("id")));
    }
}

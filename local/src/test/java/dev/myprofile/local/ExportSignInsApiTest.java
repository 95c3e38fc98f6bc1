package dev.myprofile.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.myprofile.local.AuthEventsPools.User;
import dev.myprofile.organizations.entrypoints.ExportHandler;
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
import software.amazon.awssdk.services.cognitoidentityprovider.model.FeedbackValueType;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Download my data" holds the person's sign-ins as the sign-in service keeps them: POST /me/export
 * through the real handler with a real payload-2.0 event and a token moto's Cognito issued, the
 * authentication events answered by the stand-in in front of moto, fed as the local sign-in feeds it
 * (a wrong password, a sign-in with a second step). Every answer is checked against openapi.yaml.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportSignInsApiTest {
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

    private TestEnvironment env;
    private CognitoAuthEventsStandIn standIn;
    private CognitoIdentityProviderClient cognito;
    private String poolId;
    private String clientId;

    @BeforeAll
    void start() throws Exception {
        env = TestEnvironment.create();
        standIn = CognitoAuthEventsStandIn.start(env.moto().endpoint());
        cognito = CognitoWebAuthnStandInTest.client(standIn.endpoint());
        poolId = pool("AUDIT");
        clientId = client(poolId);
    }

    @AfterAll
    void stop() {
        cognito.close();
        standIn.close();
        env.close();
    }

    private String pool(String mode) {
        return AuthEventsPools.pool(cognito, "export-sign-ins", mode);
    }

    private String client(String pool) {
        return AuthEventsPools.webClient(cognito, pool);
    }

    /** The export function as the template configures it for a Cognito pool, with {@code overrides}. */
    private ApiContract.Checked export(String pool, String client, URI cognitoEndpoint, Map<String, String> overrides) {
        Map<String, String> settings = AuthEventsPools.settings(env.moto().endpoint(), pool, client, cognitoEndpoint);
        settings.putAll(overrides);
        return ApiContract.checked(new ExportHandler(env.api(settings, Clock.systemUTC())));
    }

    private ApiContract.Checked export(Map<String, String> overrides) {
        return export(poolId, clientId, standIn.endpoint(), overrides);
    }

    private User newUser(String pool, String client) {
        return AuthEventsPools.newUser(cognito, pool, client, "export-sign-ins");
    }

    private User newUser() {
        return newUser(poolId, clientId);
    }

    /** A sign-in as the local sign-in reports one to the stand-in. */
    private void wrongPassword(User user, String ip, String agent) {
        standIn.signedIn(poolId, user.email(), false, List.of(CognitoAuthEventsStandIn.Step.password(false)), ip, agent);
    }

    private void signedIn(User user, boolean secondStep, String ip, String agent) {
        standIn.signedIn(poolId, user.email(), true, secondStep
                ? List.of(CognitoAuthEventsStandIn.Step.password(true), CognitoAuthEventsStandIn.Step.secondStep(true))
                : List.of(CognitoAuthEventsStandIn.Step.password(true)), ip, agent);
    }

    private static APIGatewayV2HTTPEvent exportEvent(String token, String language) {
        APIGatewayV2HTTPEvent event = Events.withToken(Events.load("post-me-export"), token);
        if (language != null) {
            event.getHeaders().put("accept-language", language);
        }
        return event;
    }

    private static APIGatewayV2HTTPResponse call(ApiContract.Checked handler, String token, String language) {
        return handler.handleRequest(exportEvent(token, language), new TestContext());
    }

    /** The export's {@code signInService.signIns}, from a 200. */
    private static JsonNode signIns(APIGatewayV2HTTPResponse response) {
        assertEquals(200, response.getStatusCode(), response::getBody);
        return Responses.json(response).path("export").path("signInService").path("signIns");
    }

    /** What the stand-in holds for the user, newest first, asked in Cognito's own protocol. */
    private List<AuthEventType> atCognito(String email) {
        return cognito.adminListUserAuthEvents(r -> r.userPoolId(poolId).username(email).maxResults(60)).authEvents();
    }

    private static List<String> ids(JsonNode events) {
        List<String> ids = new ArrayList<>();
        events.forEach(e -> ids.add(e.path("EventId").asText()));
        return ids;
    }

    @Test
    void the_export_holds_each_sign_in_the_failed_one_too_with_steps_address_device_risk_and_feedback() throws Exception {
        User ada = newUser();
        wrongPassword(ada, "203.0.113.7", FIREFOX);
        Thread.sleep(5);
        signedIn(ada, true, "198.51.100.20", CHROME);
        String failed = atCognito(ada.email()).get(1).eventId();
        cognito.adminUpdateAuthEventFeedback(r -> r.userPoolId(poolId).username(ada.email()).eventId(failed)
                .feedbackValue(FeedbackValueType.INVALID));

        JsonNode signIns = signIns(call(export(Map.of()), ada.token(), null));

        assertTrue(signIns.path("kept").asBoolean());
        assertFalse(signIns.path("truncated").asBoolean());
        assertTrue(signIns.path("note").isNull(), signIns::toString);
        assertEquals(atCognito(ada.email()).stream().map(AuthEventType::eventId).toList(), ids(signIns.path("events")),
                "every event the sign-in service keeps, newest first");
        JsonNode newest = signIns.path("events").path(0);
        assertEquals("SignIn", newest.path("EventType").asText());
        assertEquals("Pass", newest.path("EventResponse").asText());
        assertEquals("Password", newest.path("ChallengeResponses").path(0).path("ChallengeName").asText());
        assertEquals("Mfa", newest.path("ChallengeResponses").path(1).path("ChallengeName").asText());
        assertEquals("Success", newest.path("ChallengeResponses").path(1).path("ChallengeResponse").asText());
        assertEquals("198.51.100.20", newest.path("EventContextData").path("IpAddress").asText());
        assertEquals("Chrome, Windows", newest.path("EventContextData").path("DeviceName").asText());
        assertEquals("Low", newest.path("EventRisk").path("RiskLevel").asText());
        assertTrue(newest.path("EventFeedback").isMissingNode(), "no feedback given on it");
        assertTrue(newest.path("CreationDate").isNumber());
        JsonNode wrong = signIns.path("events").path(1);
        assertEquals(failed, wrong.path("EventId").asText());
        assertEquals("Fail", wrong.path("EventResponse").asText());
        assertEquals("Failure", wrong.path("ChallengeResponses").path(0).path("ChallengeResponse").asText());
        assertEquals(1, wrong.path("ChallengeResponses").size());
        assertEquals("203.0.113.7", wrong.path("EventContextData").path("IpAddress").asText());
        assertEquals("Firefox, Linux", wrong.path("EventContextData").path("DeviceName").asText());
        assertEquals("Invalid", wrong.path("EventFeedback").path("FeedbackValue").asText(), "the feedback given");
        assertTrue(newest.path("CreationDate").asDouble() >= wrong.path("CreationDate").asDouble());
    }

    @Test
    void another_persons_sign_ins_are_not_in_the_export() {
        User ada = newUser();
        User grace = newUser();
        signedIn(ada, false, "203.0.113.7", FIREFOX);
        wrongPassword(grace, "198.51.100.99", CHROME);
        signedIn(grace, false, "198.51.100.99", CHROME);

        APIGatewayV2HTTPResponse response = call(export(Map.of()), ada.token(), null);
        JsonNode signIns = signIns(response);

        assertEquals(1, signIns.path("events").size(), signIns::toString);
        List<String> graces = atCognito(grace.email()).stream().map(AuthEventType::eventId).toList();
        assertEquals(2, graces.size());
        for (String id : graces) {
            assertFalse(response.getBody().contains(id), "Grace's event " + id + " in Ada's export");
        }
        assertFalse(response.getBody().contains("198.51.100.99"));
    }

    @Test
    void with_threat_protection_off_the_export_says_plainly_that_no_sign_ins_are_kept_in_the_persons_language() {
        User ada = newUser();
        signedIn(ada, false, "203.0.113.7", FIREFOX);

        JsonNode english = signIns(call(export(Map.of("THREAT_PROTECTION", "off")), ada.token(), "en-GB,en;q=0.8"));
        JsonNode swedish = signIns(call(export(Map.of("THREAT_PROTECTION", "off")), ada.token(), "sv-SE"));

        assertFalse(english.path("kept").asBoolean());
        assertEquals(0, english.path("events").size());
        assertFalse(english.path("truncated").asBoolean());
        assertTrue(english.path("note").asText().startsWith("The sign-in service keeps no history of sign-ins"), english::toString);
        assertTrue(swedish.path("note").asText().startsWith("Inloggningstjänsten sparar ingen historik"), swedish::toString);
    }

    @Test
    void a_pool_whose_threat_protection_is_off_is_exported_as_keeping_none_whatever_the_deployment_said() {
        String offPool = pool("OFF");
        String offClient = client(offPool);
        User ada = newUser(offPool, offClient);

        JsonNode signIns = signIns(call(export(offPool, offClient, standIn.endpoint(), Map.of()), ada.token(), null));

        assertFalse(signIns.path("kept").asBoolean(), signIns::toString);
        assertTrue(signIns.path("note").asText().startsWith("The sign-in service keeps no history"), signIns::toString);
    }

    @Test
    void every_page_is_read_and_past_the_most_the_export_holds_it_says_it_holds_only_the_newest() {
        User ada = newUser();
        for (int i = 0; i < 65; i++) {
            signedIn(ada, false, "203.0.113." + i, FIREFOX);
        }
        List<String> all = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            var page = cognito.adminListUserAuthEvents(r -> r.userPoolId(poolId).username(ada.email()).maxResults(60).nextToken(token));
            page.authEvents().forEach(e -> all.add(e.eventId()));
            next = page.nextToken();
        } while (next != null);
        assertEquals(65, all.size());

        JsonNode whole = signIns(call(export(Map.of()), ada.token(), null));
        assertEquals(all, ids(whole.path("events")), "both of Cognito's pages, in its order");
        assertFalse(whole.path("truncated").asBoolean());

        JsonNode exactly = signIns(call(export(Map.of("EXPORT_MAX_SIGN_IN_EVENTS", "65")), ada.token(), null));
        assertEquals(65, exactly.path("events").size());
        assertFalse(exactly.path("truncated").asBoolean(), "all of them fit: nothing was left out");
        assertTrue(exactly.path("note").isNull());

        JsonNode cut = signIns(call(export(Map.of("EXPORT_MAX_SIGN_IN_EVENTS", "50")), ada.token(), "sv"));
        assertEquals(all.subList(0, 50), ids(cut.path("events")), "the newest 50");
        assertTrue(cut.path("truncated").asBoolean());
        assertEquals("Bara de 50 senaste händelserna är med. Inloggningstjänsten sparar även äldre.", cut.path("note").asText());
    }

    /**
     * Half an export would pass for a whole one: when Cognito keeps failing on the second page of
     * events (after the SDK's retries), nothing is exported and the person is told to try again.
     */
    @Test
    void when_the_sign_ins_cannot_be_read_nothing_is_exported_and_it_says_try_again() throws Exception {
        User ada = newUser();
        for (int i = 0; i < 61; i++) {
            signedIn(ada, false, "203.0.113.7", FIREFOX);
        }
        AtomicInteger secondPages = new AtomicInteger();
        try (CountingProxy front = failing(standIn.endpoint(), 500, "InternalErrorException", body -> {
            if (body.contains("\"NextToken\"")) {
                secondPages.incrementAndGet();
                return true;
            }
            return false;
        })) {
            APIGatewayV2HTTPResponse response = call(export(poolId, clientId, front.endpoint(), Map.of()), ada.token(), null);

            JsonNode problem = Responses.problem(response, 503);
            assertTrue(problem.path("detail").asText().contains("Try again"), problem::toString);
            assertFalse(response.getBody().contains(ada.email()));
            assertFalse(response.getBody().contains("203.0.113.7"));
            assertTrue(secondPages.get() >= 2, "the SDK retried a failing page: " + secondPages.get());
        }
        // And once Cognito answers again, the same export is whole.
        assertEquals(61, signIns(call(export(Map.of()), ada.token(), null)).path("events").size());
    }

    /**
     * Cognito refusing the function's own role (a deployment without the permission) is not the
     * person's doing: nothing is exported, and the answer is "try again" (503), never "sign in again".
     */
    @Test
    void the_sign_in_service_refusing_the_functions_role_is_a_503_not_a_sign_in_again() throws Exception {
        User ada = newUser();
        signedIn(ada, false, "203.0.113.7", FIREFOX);
        try (CountingProxy front = failing(standIn.endpoint(), 400, "NotAuthorizedException", body -> true)) {
            APIGatewayV2HTTPResponse response = call(export(poolId, clientId, front.endpoint(), Map.of()), ada.token(), null);

            Responses.problem(response, 503);
            assertFalse(response.getBody().contains(ada.email()));
        }
    }

    /**
     * In front of the stand-in: AdminListUserAuthEvents requests that {@code fails} picks are answered
     * with Cognito's error {@code type} ({@code InternalErrorException}, a 500, is one the SDK retries);
     * everything else is passed on.
     */
    private static CountingProxy failing(URI target, int status, String type, java.util.function.Predicate<String> fails) {
        return CountingProxy.to(target, (operation, body) -> operation.equals("AdminListUserAuthEvents") && fails.test(body)
                ? Optional.of(new CountingProxy.Answer(status, "application/x-amz-json-1.1",
                        "{\"__type\":\"" + type + "\",\"message\":\"refused\"}"))
                : Optional.empty());
    }
}

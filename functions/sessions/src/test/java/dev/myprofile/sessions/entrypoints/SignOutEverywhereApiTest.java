package dev.myprofile.sessions.entrypoints;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.myprofile.sessions.signin.SignInService;
import dev.myprofile.shared.auth.MfaMethods;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.http.Api;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.MutableClock;
import dev.myprofile.testkit.Responses;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import dev.myprofile.testkit.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /me/sign-out-everywhere through the real handler, against moto (Cognito's part: local's contract tests). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignOutEverywhereApiTest {
    private TestEnvironment env;
    private TestIssuer issuer;
    private final MutableClock clock = MutableClock.now();
    private Api api;

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
        issuer = env.issuer();
        api = env.api(Map.of(), clock);
    }

    @AfterAll
    void stop() {
        env.close();
    }

    private APIGatewayV2HTTPResponse signOut(ApiContract.Checked handler, String token) {
        return handler.handleRequest(Events.withToken(Events.load("post-me-sign-out-everywhere"), token), new TestContext());
    }

    private String token(String subject, Instant issuedAt) {
        return issuer.token(subject).claim("iat", issuedAt).claim("auth_time", issuedAt).sign();
    }

    private List<Map<String, AttributeValue>> activity(String subject) {
        return env.moto().dynamo().query(r -> r.tableName(env.table()).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :a)")
                .expressionAttributeValues(Map.of(":pk", Items.s(UserKey.of(issuer.issuer(), subject).partition()),
                        ":a", Items.s("ACTIVITY#")))).items();
    }

    @Test
    void it_revokes_every_token_issued_so_far_this_one_included_and_records_it() {
        AtomicInteger calls = new AtomicInteger();
        ApiContract.Checked handler = ApiContract.checked(new SignOutEverywhereHandler(api, (caller, username) -> {
            calls.incrementAndGet();
            return SignInService.Outcome.SIGNED_OUT;
        }, (MfaMethods) user -> false));
        String old = token("leaving", clock.instant());

        APIGatewayV2HTTPResponse response = signOut(handler, old);

        assertEquals(200, response.getStatusCode(), response::getBody);
        JsonNode answer = Responses.json(response);
        assertTrue(answer.path("signInServiceSignedOut").asBoolean());
        assertEquals("sign-in-again", answer.path("next").asText());
        assertEquals(1, calls.get());
        Optional<Instant> notBefore = env.signOuts().notBefore(UserKey.of(issuer.issuer(), "leaving"));
        assertTrue(notBefore.isPresent() && notBefore.get().isAfter(clock.instant()), "the current second is covered");
        List<Map<String, AttributeValue>> entries = activity("leaving");
        assertEquals(1, entries.size());
        assertEquals(SignOutEverywhereHandler.OPERATION, entries.get(0).get("operation").s());
        assertEquals("session", entries.get(0).get("subjectType").s());

        // The same token again: refused by the pipeline, before the handler runs.
        APIGatewayV2HTTPResponse again = signOut(handler, old);
        Responses.problem(again, 401);
        assertTrue(Responses.header(again, "WWW-Authenticate").contains("revoked"));
        assertEquals(1, calls.get());

        // A sign-in after it works.
        clock.advance(Duration.ofSeconds(2));
        assertEquals(200, signOut(handler, token("leaving", clock.instant())).getStatusCode());
    }

    @Test
    void another_provider_without_a_global_sign_out_says_so_and_the_portal_still_revokes() {
        ApiContract.Checked handler = ApiContract.checked(new SignOutEverywhereHandler(api));
        APIGatewayV2HTTPResponse response = signOut(handler, token("oidc-user", clock.instant()));
        assertEquals(200, response.getStatusCode(), response::getBody);
        assertFalse(Responses.json(response).path("signInServiceSignedOut").asBoolean());
        assertTrue(env.signOuts().notBefore(UserKey.of(issuer.issuer(), "oidc-user")).isPresent());
    }

    @Test
    void when_the_sign_in_service_does_not_confirm_it_is_503_and_nothing_changed_so_the_same_token_can_retry() {
        ApiContract.Checked failing = ApiContract.checked(new SignOutEverywhereHandler(api, (caller, username) -> {
            throw new SignInService.Unavailable("down", null);
        }, (MfaMethods) user -> false));
        String token = token("unlucky", clock.instant());
        Responses.problem(signOut(failing, token), 503);
        assertTrue(env.signOuts().notBefore(UserKey.of(issuer.issuer(), "unlucky")).isEmpty());
        assertTrue(activity("unlucky").isEmpty());
        ApiContract.Checked working = ApiContract.checked(new SignOutEverywhereHandler(api, (caller, username) -> SignInService.Outcome.SIGNED_OUT,
                (MfaMethods) user -> false));
        assertEquals(200, signOut(working, token).getStatusCode());
    }

    @Test
    void without_a_fresh_sign_in_it_is_a_401_step_up_challenge_and_nothing_changes() {
        ApiContract.Checked handler = ApiContract.checked(new SignOutEverywhereHandler(api, (caller, username) -> {
            throw new AssertionError("must not be reached");
        }, (MfaMethods) user -> false));
        String stale = issuer.token("stale").claim("iat", clock.instant()).claim("auth_time", clock.instant().minus(Duration.ofMinutes(11))).sign();
        APIGatewayV2HTTPResponse response = signOut(handler, stale);
        Responses.problem(response, 401);
        assertTrue(Responses.header(response, "WWW-Authenticate").contains("insufficient_user_authentication"));
        assertTrue(env.signOuts().notBefore(UserKey.of(issuer.issuer(), "stale")).isEmpty());
    }

    @Test
    void a_body_with_fields_is_400() {
        var event = Events.withToken(Events.load("post-me-sign-out-everywhere"), token("bodied", clock.instant()));
        event.setBody("{\"everywhere\": true}");
        event.getHeaders().put("content-type", "application/json");
        Responses.problem(ApiContract.checked(new SignOutEverywhereHandler(api)).handleRequest(event, new TestContext()), 400);
    }
}

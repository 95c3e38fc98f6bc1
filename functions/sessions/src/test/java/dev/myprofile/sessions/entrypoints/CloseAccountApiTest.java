package dev.myprofile.sessions.entrypoints;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.myprofile.sessions.closing.AccountClosing;
import dev.myprofile.sessions.signin.SignInService;
import dev.myprofile.shared.auth.MfaMethods;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.http.Api;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.Responses;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import dev.myprofile.testkit.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /me/close and the resume schedule through the real handlers, against moto. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloseAccountApiTest {
    private TestEnvironment env;
    private TestIssuer issuer;
    private Api api;
    private final List<String> deleted = new ArrayList<>();
    private final SignInService recording = new SignInService() {
        @Override
        public Outcome signOutEverywhere(dev.myprofile.shared.auth.Caller caller, Optional<String> username) {
            return Outcome.SIGNED_OUT;
        }

        @Override
        public Outcome deleteUser(String username) {
            deleted.add(username);
            return Outcome.SIGNED_OUT;
        }
    };

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
        issuer = env.issuer();
        api = env.api();
    }

    @AfterAll
    void stop() {
        env.close();
    }

    private UserKey user(String subject) {
        return UserKey.of(issuer.issuer(), subject);
    }

    /** A profile, 60 activity entries and 3 devices: more than one page and several batches. */
    private void seed(String subject) {
        List<String> sortKeys = new ArrayList<>(List.of("PROFILE", "MEMBERSHIP#fabrikam", "DEVICE#a", "DEVICE#b", "DEVICE#c"));
        for (int i = 0; i < 160; i++) {
            sortKeys.add("ACTIVITY#2026-01-01T00:00:" + String.format("%03d", i) + "Z#device.registered#a");
        }
        for (String sk : sortKeys) {
            Map<String, AttributeValue> item = new HashMap<>(Items.key(user(subject), sk));
            item.put("entity", Items.s("Test"));
            env.moto().dynamo().putItem(r -> r.tableName(env.table()).item(item));
        }
    }

    /** The user's items, but for the pipeline's per-user write counter (every write request counts, refused or not). */
    private List<Map<String, AttributeValue>> partition(String subject) {
        return env.moto().dynamo().query(r -> r.tableName(env.table()).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", Items.s(user(subject).partition())))).items().stream()
                .filter(item -> !"RateLimit".equals(Items.string(item, "entity").orElse("")))
                .toList();
    }

    private boolean pending(String subject) {
        return !Items.absent(env.moto().dynamo().getItem(r -> r.tableName(env.table()).consistentRead(true)
                .key(Items.key(AccountClosing.PENDING, user(subject).partition()))).item());
    }

    private APIGatewayV2HTTPEvent event(String token, String body) {
        APIGatewayV2HTTPEvent event = Events.withToken(Events.load("post-me-close"), token);
        event.setBody(body);
        if (body != null) {
            event.getHeaders().put("content-type", "application/json");
        }
        return event;
    }

    private APIGatewayV2HTTPResponse close(ApiContract.Checked handler, String subject, String body) {
        return handler.handleRequest(event(issuer.token(subject).sign(), body), new TestContext());
    }

    private void assertClosed(String subject) {
        List<Map<String, AttributeValue>> left = partition(subject);
        assertEquals(1, left.size(), () -> "only the sign-out time is left: " + left);
        assertEquals("SIGN-OUT", left.get(0).get("sk").s());
        long expires = Long.parseLong(left.get(0).get("expiresAt").n());
        assertTrue(expires > Instant.now().plus(Duration.ofHours(23)).getEpochSecond(), "it outlives every access token, then goes");
        assertFalse(pending(subject));
    }

    @Test
    void it_deletes_the_user_at_the_sign_in_service_then_every_item_and_old_tokens_are_refused() {
        seed("closer");
        String token = issuer.token("closer").sign();
        ApiContract.Checked handler = ApiContract.checked(new CloseAccountHandler(api, recording, (MfaMethods) user -> false));
        APIGatewayV2HTTPResponse response = handler.handleRequest(event(token, "{\"confirmation\": \"CLOSE\"}"), new TestContext());
        assertEquals(200, response.getStatusCode(), response::getBody);
        assertEquals("closed", Responses.json(response).path("status").asText());
        assertEquals(List.of("closer"), deleted.stream().filter("closer"::equals).toList());
        assertClosed("closer");
        // The same token can no longer do anything, so nothing can recreate a profile.
        APIGatewayV2HTTPResponse again = handler.handleRequest(event(token, "{\"confirmation\": \"CLOSE\"}"), new TestContext());
        Responses.problem(again, 401);
    }

    @Test
    void without_the_typed_confirmation_it_is_400_and_nothing_changes() {
        seed("hesitant");
        ApiContract.Checked handler = ApiContract.checked(new CloseAccountHandler(api, recording, (MfaMethods) user -> false));
        Responses.problem(close(handler, "hesitant", null), 400);
        Responses.problem(close(handler, "hesitant", "{\"confirmation\": \"close\"}"), 400);
        Responses.problem(close(handler, "hesitant", "{}"), 400);
        assertEquals(165, partition("hesitant").size());
        assertFalse(pending("hesitant"));
    }

    @Test
    void turned_off_it_is_403_with_the_reason() {
        seed("kept");
        ApiContract.Checked handler = ApiContract.checked(new CloseAccountHandler(env.api(Map.of("ACCOUNT_CLOSING", "disabled"), Clock.systemUTC()),
                recording, (MfaMethods) user -> false));
        var problem = Responses.problem(close(handler, "kept", "{\"confirmation\": \"CLOSE\"}"), 403);
        assertTrue(problem.path("detail").asText().contains("administrator"));
        assertEquals(165, partition("kept").size());
    }

    @Test
    void without_a_fresh_sign_in_it_is_a_401_step_up_challenge() {
        seed("stale");
        String token = issuer.token("stale").claim("auth_time", Instant.now().minus(Duration.ofMinutes(11))).sign();
        APIGatewayV2HTTPResponse response = ApiContract.checked(new CloseAccountHandler(api, recording, (MfaMethods) user -> false))
                .handleRequest(event(token, "{\"confirmation\": \"CLOSE\"}"), new TestContext());
        Responses.problem(response, 401);
        assertEquals(165, partition("stale").size());
    }

    @Test
    void interrupted_half_way_it_answers_202_and_the_resume_schedule_finishes_it() {
        seed("interrupted");
        AtomicInteger batches = new AtomicInteger();
        AccountClosing failing = new AccountClosing(env.moto().dynamo(), env.table(), env.signOuts(), recording) {
            @Override
            protected void deleteBatch(List<Map<String, AttributeValue>> keys) {
                if (batches.incrementAndGet() > 2) {
                    throw new IllegalStateException("the function stopped");
                }
                super.deleteBatch(keys);
            }
        };
        APIGatewayV2HTTPResponse response = ApiContract.checked(new CloseAccountHandler(api, failing, (MfaMethods) user -> false))
                .handleRequest(event(issuer.token("interrupted").sign(), "{\"confirmation\": \"CLOSE\"}"), new TestContext());
        assertEquals(202, response.getStatusCode(), response::getBody);
        int left = partition("interrupted").size();
        assertTrue(left > 1 && left < 166, "half-way: " + left);
        assertTrue(pending("interrupted"), "the intent survives the interruption");
        assertTrue(deleted.contains("interrupted"), "the sign-in service's user went first");

        AccountClosing working = new AccountClosing(env.moto().dynamo(), env.table(), env.signOuts(), recording);
        Map<String, Object> run = new ResumeClosingHandler(working, Clock.systemUTC())
                .handleRequest(Events.loadMap("closing-resume-scheduled"), new TestContext("ResumeClosingFunction", 300_000));
        assertTrue(((Integer) run.get("finished")) >= 1, run::toString);
        assertClosed("interrupted");
    }

    @Test
    void when_the_sign_in_service_does_not_confirm_no_data_is_deleted_yet_and_the_resume_finishes_later() {
        seed("unconfirmed");
        SignInService down = new SignInService() {
            @Override
            public Outcome signOutEverywhere(dev.myprofile.shared.auth.Caller caller, Optional<String> username) {
                return Outcome.SIGNED_OUT;
            }

            @Override
            public Outcome deleteUser(String username) {
                throw new Unavailable("down", null);
            }
        };
        APIGatewayV2HTTPResponse response = ApiContract.checked(new CloseAccountHandler(api, down, (MfaMethods) user -> false))
                .handleRequest(event(issuer.token("unconfirmed").sign(), "{\"confirmation\": \"CLOSE\"}"), new TestContext());
        assertEquals(202, response.getStatusCode());
        assertEquals(166, partition("unconfirmed").size(), "the data stays while the person could still sign in (plus the sign-out time)");
        assertTrue(pending("unconfirmed"));

        AccountClosing working = new AccountClosing(env.moto().dynamo(), env.table(), env.signOuts(), recording);
        new ResumeClosingHandler(working, Clock.systemUTC())
                .handleRequest(Map.of(), new TestContext("ResumeClosingFunction", 300_000));
        assertClosed("unconfirmed");
    }
}

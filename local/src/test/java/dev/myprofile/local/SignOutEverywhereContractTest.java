package dev.myprofile.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.http.Api;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.MutableClock;
import dev.myprofile.testkit.Responses;
import dev.myprofile.testkit.SamTemplate;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Sign out everywhere" holds on every route of template.yaml, because the pipeline checks it, not
 * each handler: a token issued before the user's not-before time gets 401 from every API function —
 * at once for a change, and for a read within the 60 s a container may keep the time it read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignOutEverywhereContractTest {
    private TestEnvironment env;
    private final MutableClock clock = MutableClock.now();

    private record Endpoint(SamTemplate.Route route, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {}

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
    }

    @AfterAll
    void stop() {
        env.close();
    }

    /** Every routed function of the template, each on its own pipeline (as each is its own container). */
    @SuppressWarnings("unchecked")
    private List<Endpoint> endpoints() throws Exception {
        List<Endpoint> endpoints = new ArrayList<>();
        for (SamTemplate.Function function : SamTemplate.load().functions()) {
            for (SamTemplate.Route route : function.routes()) {
                Api api = env.api(Map.of(), clock);
                var handler = (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
                        Class.forName(function.handlerClass()).getConstructor(Api.class).newInstance(api);
                endpoints.add(new Endpoint(route, ApiContract.checked(handler)));
            }
        }
        assertFalse(endpoints.isEmpty());
        // Signing out everywhere revokes the token it is called with: it goes last, so every other
        // route sees the token before it does.
        endpoints.sort(java.util.Comparator.comparing(e -> e.route().path().endsWith("/sign-out-everywhere")));
        return endpoints;
    }

    /** The route's sample event from events/, carrying {@code token}. */
    private static APIGatewayV2HTTPEvent sample(SamTemplate.Route route, String token) {
        for (Path file : Events.all()) {
            APIGatewayV2HTTPEvent event = Events.read(file);
            if (event.getRouteKey().equals(route.routeKey())) {
                return Events.withToken(event, token);
            }
        }
        throw new AssertionError("no sample event for " + route.routeKey());
    }

    private static void assertRevoked(Endpoint endpoint, APIGatewayV2HTTPResponse response) {
        assertEquals(401, response.getStatusCode(), () -> endpoint.route().routeKey() + ": " + response.getBody());
        String challenge = Responses.header(response, "WWW-Authenticate");
        assertTrue(challenge.contains("error=\"invalid_token\"") && challenge.contains("revoked"),
                () -> endpoint.route().routeKey() + ": " + challenge);
        Responses.problem(response, 401);
    }

    private String token(String subject, Instant issuedAt) {
        return env.issuer().token(subject).claim("iat", issuedAt).claim("auth_time", issuedAt).sign();
    }

    @Test
    void every_route_refuses_a_token_issued_before_the_users_sign_out() throws Exception {
        Instant issued = clock.instant().minusSeconds(5);
        env.signOuts().signOutEverywhere(UserKey.of(env.issuer().issuer(), "gone"), clock.instant());
        for (Endpoint endpoint : endpoints()) {
            assertRevoked(endpoint, endpoint.handler().handleRequest(sample(endpoint.route(), token("gone", issued)),
                    new TestContext()));
        }
    }

    @Test
    void after_signing_out_everywhere_through_its_route_the_old_token_gets_401_on_every_route_and_a_new_sign_in_works()
            throws Exception {
        List<Endpoint> endpoints = endpoints();
        Endpoint signOut = endpoints.stream().filter(e -> e.route().routeKey().equals("POST /me/sign-out-everywhere"))
                .findFirst().orElseThrow();
        Instant issued = clock.instant().minusSeconds(5);
        String old = token("everywhere", issued);
        // The reads' containers know the user from before the sign-out (the worst case for them).
        for (Endpoint endpoint : endpoints) {
            if (endpoint.route().method().equals("GET")) {
                assertNotEquals(401, endpoint.handler().handleRequest(sample(endpoint.route(), old), new TestContext()).getStatusCode());
            }
        }

        APIGatewayV2HTTPResponse signedOut = signOut.handler().handleRequest(sample(signOut.route(), old), new TestContext());
        assertEquals(200, signedOut.getStatusCode(), signedOut::getBody);

        clock.advance(Duration.ofSeconds(60));
        for (Endpoint endpoint : endpoints) {
            assertRevoked(endpoint, endpoint.handler().handleRequest(sample(endpoint.route(), old), new TestContext()));
        }
        String fresh = token("everywhere", clock.instant());
        for (Endpoint endpoint : endpoints) {
            APIGatewayV2HTTPResponse response = endpoint.handler().handleRequest(sample(endpoint.route(), fresh), new TestContext());
            assertNotEquals(401, response.getStatusCode(), () -> endpoint.route().routeKey() + ": " + response.getBody());
        }
    }

    @Test
    void a_read_that_knew_the_user_before_the_sign_out_refuses_within_60_seconds_and_a_change_at_once() throws Exception {
        Instant issued = clock.instant().minusSeconds(5);
        List<Endpoint> endpoints = endpoints();
        for (Endpoint endpoint : endpoints) {
            // Before the sign-out: the token passes the pipeline (whatever the operation then answers).
            APIGatewayV2HTTPResponse before = endpoint.handler().handleRequest(
                    sample(endpoint.route(), token("later", issued)), new TestContext());
            assertNotEquals(401, before.getStatusCode(), () -> endpoint.route().routeKey() + ": " + before.getBody());
        }

        env.signOuts().signOutEverywhere(UserKey.of(env.issuer().issuer(), "later"), clock.instant());

        for (Endpoint endpoint : endpoints) {
            if (!endpoint.route().method().equals("GET")) {
                assertRevoked(endpoint, endpoint.handler().handleRequest(sample(endpoint.route(), token("later", issued)),
                        new TestContext()));
            }
        }
        clock.advance(Duration.ofSeconds(60));
        for (Endpoint endpoint : endpoints) {
            assertRevoked(endpoint, endpoint.handler().handleRequest(sample(endpoint.route(), token("later", issued)),
                    new TestContext()));
        }
    }
}

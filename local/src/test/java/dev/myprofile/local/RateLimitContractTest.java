package dev.myprofile.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.myprofile.shared.http.Api;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.Responses;
import dev.myprofile.testkit.SamTemplate;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import dev.myprofile.testkit.MutableClock;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route of template.yaml that changes something is limited per user by the pipeline, counted in
 * DynamoDB (so every container sees one count): past the limit it is 429 with Retry-After, whatever
 * the operation, while reads are never counted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitContractTest {
    private TestEnvironment env;

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
    }

    @AfterAll
    void stop() {
        env.close();
    }

    @SuppressWarnings("unchecked")
    private RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler(SamTemplate.Function function, Api api)
            throws Exception {
        return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
                Class.forName(function.handlerClass()).getConstructor(Api.class).newInstance(api);
    }

    private static APIGatewayV2HTTPEvent sample(SamTemplate.Route route, String token) {
        for (Path file : Events.all()) {
            APIGatewayV2HTTPEvent event = Events.read(file);
            if (event.getRouteKey().equals(route.routeKey())) {
                return Events.withToken(event, token);
            }
        }
        throw new AssertionError("no sample event for " + route.routeKey());
    }

    @Test
    void every_change_past_the_users_write_limit_is_429_with_Retry_After_and_reads_are_not_counted() throws Exception {
        // A clock that stands still, so the three requests fall in one window; a few seconds behind the
        // tokens' issuer, so the sign-out-everywhere route's first request (which signs the user out as of
        // the next second of this clock) does not also refuse the fresh token of its second request.
        Api api = env.api(Map.of("WRITES_PER_USER_PER_MINUTE", "2"), new MutableClock(Instant.now().minusSeconds(5)));
        int routes = 0;
        for (SamTemplate.Function function : SamTemplate.load().functions()) {
            for (SamTemplate.Route route : function.routes()) {
                routes++;
                var handler = handler(function, api);
                String subject = "limited-" + routes;
                for (int i = 0; i < 2; i++) {
                    APIGatewayV2HTTPResponse allowed = handler.handleRequest(
                            sample(route, env.issuer().token(subject).sign()), new TestContext());
                    assertNotEquals(429, allowed.getStatusCode(), route::routeKey);
                }
                APIGatewayV2HTTPResponse third = handler.handleRequest(sample(route, env.issuer().token(subject).sign()),
                        new TestContext());
                if (route.method().equals("GET")) {
                    assertNotEquals(429, third.getStatusCode(), () -> route.routeKey() + " is a read: " + third.getBody());
                } else {
                    Responses.problem(third, 429);
                    long retryAfter = Long.parseLong(Responses.header(third, "Retry-After"));
                    assertTrue(retryAfter >= 1 && retryAfter <= 60, route.routeKey() + ": Retry-After " + retryAfter);
                    APIGatewayV2HTTPResponse someoneElse = handler.handleRequest(
                            sample(route, env.issuer().token(subject + "-other").sign()), new TestContext());
                    assertNotEquals(429, someoneElse.getStatusCode(), () -> route.routeKey() + ": the limit is per user");
                }
            }
        }
        assertEquals(SamTemplate.load().routes().size(), routes);
    }
}

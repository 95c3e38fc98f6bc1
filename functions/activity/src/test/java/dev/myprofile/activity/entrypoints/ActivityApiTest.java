package dev.myprofile.activity.entrypoints;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.activity.ActivityEntry;
import dev.myprofile.shared.activity.ActivityLog;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.Responses;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /me/activity through the real handler, against moto. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActivityApiTest {
    private TestEnvironment env;
    private ApiContract.Checked handler;

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
        handler = ApiContract.checked(new ListActivityHandler(env.api()));
    }

    @AfterAll
    void stop() {
        env.close();
    }

    /** Writes an entry the way every feature does: through the log's one writer. */
    private void write(String subject, ActivityEntry entry) {
        ActivityLog log = new ActivityLog(env.moto().dynamo(), env.table());
        env.moto().dynamo().transactWriteItems(r -> r.transactItems(log.write(UserKey.of(env.issuer().issuer(), subject), entry)));
    }

    private static ActivityEntry byUser(String operation, String deviceId, String deviceName, Instant at, String ip, String agent) {
        return new ActivityEntry(at, operation, Subject.of(Subject.DEVICE, deviceId, deviceName), Origin.user(ip, agent));
    }

    private static ActivityEntry byCleanup(String operation, String deviceId, Instant at) {
        return new ActivityEntry(at, operation, Subject.of(Subject.DEVICE, deviceId, null), Origin.CLEANUP);
    }

    private APIGatewayV2HTTPResponse list(String subject, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = Events.withToken(Events.load("get-me-activity"), env.issuer().token(subject).sign());
        event.setQueryStringParameters(query);
        return handler.handleRequest(event, new TestContext());
    }

    private static List<String> operations(JsonNode page) {
        List<String> operations = new ArrayList<>();
        page.path("entries").forEach(e -> operations.add(e.path("operation").asText() + ":" + e.path("actor").asText()));
        return operations;
    }

    @Test
    void entries_come_newest_first_showing_who_disabled_a_device() {
        Instant now = Instant.now();
        write("ada", byUser("device.registered", "phone", null, now.minus(Duration.ofDays(3)), "203.0.113.7", "Firefox"));
        write("ada", byUser("device.disabled", "phone", "Ada's phone", now.minus(Duration.ofDays(1)), "203.0.113.7", "Firefox"));
        write("ada", byCleanup("device.disabled", "old-laptop", now));
        JsonNode page = Responses.json(list("ada", null));
        assertEquals(List.of("device.disabled:cleanup", "device.disabled:user", "device.registered:user"), operations(page));
        JsonNode byUser = page.path("entries").path(1);
        assertEquals("phone", byUser.path("deviceId").asText());
        assertEquals("Ada's phone", byUser.path("deviceName").asText());
        assertTrue(page.path("entries").path(2).path("deviceName").isNull());
        assertEquals("203.0.113.7", byUser.path("sourceIp").asText());
        assertEquals("Firefox", byUser.path("userAgent").asText());
        assertTrue(page.path("entries").path(0).path("sourceIp").isNull());
    }

    @Test
    void entries_past_their_retention_are_not_shown_even_before_TTL_deletes_them() {
        write("forgetful", byCleanup("device.deleted", "ancient", Instant.now().minus(Duration.ofDays(366))));
        write("forgetful", byCleanup("device.deleted", "recent", Instant.now().minus(Duration.ofDays(2))));
        JsonNode page = Responses.json(list("forgetful", null));
        assertEquals(1, page.path("entries").size());
        assertEquals("recent", page.path("entries").path(0).path("deviceId").asText());
    }

    @Test
    void pages_continue_and_stay_in_the_callers_history() {
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
            write("pager", byCleanup("device.disabled", "d" + i, now.minus(Duration.ofMinutes(i))));
        }
        write("other", byCleanup("device.disabled", "someone-elses", now.minus(Duration.ofMinutes(1))));
        JsonNode first = Responses.json(list("pager", Map.of("limit", "2")));
        assertEquals(2, first.path("entries").size());
        JsonNode second = Responses.json(list("pager", Map.of("limit", "2", "after", first.path("next").asText())));
        assertEquals(1, second.path("entries").size());
        assertEquals("d2", second.path("entries").path(0).path("deviceId").asText());

        JsonNode stolen = Responses.json(list("other", Map.of("after", first.path("next").asText())));
        stolen.path("entries").forEach(e -> assertEquals("someone-elses", e.path("deviceId").asText()));
    }

    @Test
    void a_bad_limit_or_token_is_400() {
        Responses.problem(list("bad", Map.of("limit", "500")), 400);
        Responses.problem(list("bad", Map.of("after", "bm90LWFjdGl2aXR5")), 400);
        Responses.problem(list("bad", Map.of("after", "***")), 400);
    }

}

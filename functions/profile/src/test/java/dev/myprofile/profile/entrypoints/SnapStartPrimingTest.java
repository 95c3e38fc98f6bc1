package dev.myprofile.profile.entrypoints;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myprofile.organizations.model.Organization;
import dev.myprofile.profile.store.dynamodb.DynamoProfileStore;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.Priming;
import dev.myprofile.shared.log.Log;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.CountingProxy;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.Responses;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SnapStart's hooks, called as the Lambda runtime calls them (a JVM without CRaC cannot take a real
 * checkpoint): priming runs every step against moto and the test issuer, sends one DynamoDB request,
 * changes nothing in the table, fetches the keys once, and leaves the real GET /me handler answering a
 * real payload-2.0 request with those keys. A step that cannot work is logged and skipped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapStartPrimingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestEnvironment env;

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
        // Something in the table, so "changes nothing" compares real contents.
        new DynamoProfileStore(env.moto().dynamo(), env.table()).putOrganization(new Organization("contoso", "Contoso",
                Optional.of("contoso.example"), Optional.empty(), Optional.empty(), Optional.empty()));
        assertEquals(200, ApiContract.checked(new GetMeHandler(env.api()))
                .handleRequest(Events.withToken(Events.load("get-me"), env.issuer().token("existing").sign()), new TestContext())
                .getStatusCode());
    }

    @AfterAll
    void stop() {
        env.close();
    }

    @Test
    void the_hooks_prime_every_step_change_nothing_and_leave_the_function_answering() throws Exception {
        List<Map<String, AttributeValue>> before = table();
        List<JsonNode> logged;
        Api api;
        APIGatewayV2HTTPResponse answer;
        int fetchesBefore = env.issuer().fetches();
        try (CountingProxy dynamo = CountingProxy.to(env.moto().endpoint())) {
            api = env.api(Map.of("DYNAMODB_ENDPOINT", dynamo.endpoint().toString()), Clock.systemUTC());
            // Built on this Api, the handler's pipeline is one priming runs.
            ApiContract.Checked get = ApiContract.checked(new GetMeHandler(api));
            Priming priming = api.priming();

            logged = logOf(() -> {
                priming.beforeCheckpoint(null);
                priming.afterRestore(null);
            });
            assertEquals(List.of("GetItem"), dynamo.operations(), "priming makes exactly one DynamoDB request, a read");
            assertEquals(fetchesBefore + 1, env.issuer().fetches(), "priming fetches the signing keys once");

            dynamo.clear();
            answer = get.handleRequest(
                    Events.withToken(Events.load("get-me"), env.issuer().token("after-restore").sign()), new TestContext());
            assertEquals(200, answer.getStatusCode(), answer::getBody);
            assertEquals("User after-restore", Responses.json(answer).path("displayName").asText());
            assertEquals(fetchesBefore + 1, env.issuer().fetches(), "the first request uses the keys priming fetched");
        }

        JsonNode done = line(logged, "priming.done");
        assertEquals("token-RS256,token-ES256,json,dynamodb,dynamodb-operations,jwks,pipeline", sorted(done.path("done").asText()));
        assertEquals("", done.path("failed").asText());
        assertTrue(logged.stream().noneMatch(l -> l.path("event").asText().equals("priming.failed")), logged::toString);
        // The pipeline's own run: a request without a token, answered 401 by the handler's pipeline.
        assertTrue(logged.stream().anyMatch(l -> l.path("event").asText().equals("request")
                && l.path("route").asText().equals("SNAPSTART priming") && l.path("status").asInt() == 401), logged::toString);
        JsonNode restored = line(logged, "priming.restored");
        assertTrue(restored.path("snapshotAgeSeconds").asLong() >= 0, restored::toString);
        // Restored within the keys' time to live (here at once), the first request uses them: no refetch.
        assertFalse(restored.path("keysRefetchedOnFirstRequest").asBoolean(), restored::toString);

        // Nothing priming did is in the table; only the request after it added its user's profile.
        List<Map<String, AttributeValue>> after = table();
        after.removeIf(item -> item.get("pk").s().endsWith("#after-restore"));
        assertEquals(before, after);
    }

    @Test
    void a_step_that_cannot_work_is_logged_and_skipped_and_never_stops_the_function() throws Exception {
        String nowhere = "http://127.0.0.1:" + Moto.freePort();
        Api api = env.api(Map.of("DYNAMODB_ENDPOINT", nowhere, "JWKS_URI", nowhere + "/jwks.json"), Clock.systemUTC());
        ApiContract.checked(new GetMeHandler(api));
        List<JsonNode> logged = logOf(() -> api.priming().beforeCheckpoint(null));

        Priming.Report report = api.priming().prime();
        assertEquals(List.of("dynamodb", "jwks"), report.failed());
        assertTrue(report.done().containsAll(List.of("token-RS256", "json", "dynamodb-operations", "pipeline")), report::toString);
        JsonNode failedDynamo = logged.stream()
                .filter(l -> l.path("event").asText().equals("priming.failed") && l.path("step").asText().equals("dynamodb"))
                .findFirst().orElseThrow(() -> new AssertionError(logged.toString()));
        assertEquals("WARN", failedDynamo.path("level").asText());
        assertEquals("dynamodb,jwks", line(logged, "priming.done").path("failed").asText());
        // Keys that priming could not fetch are fetched by the first request, whatever the snapshot's age.
        List<JsonNode> restored = logOf(() -> api.priming().afterRestore(null));
        assertTrue(line(restored, "priming.restored").path("keysRefetchedOnFirstRequest").asBoolean(), restored::toString);
    }

    @FunctionalInterface
    private interface Hooks {
        void run() throws Exception;
    }

    private static List<JsonNode> logOf(Hooks hooks) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream before = Log.redirect(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            hooks.run();
        } finally {
            Log.redirect(before);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not a JSON log line: " + line, e);
                }
            }
        }
        return lines;
    }

    private static JsonNode line(List<JsonNode> logged, String event) {
        return logged.stream().filter(l -> l.path("event").asText().equals(event)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + event + " line in " + logged));
    }

    private static String sorted(String steps) {
        // The order of the two token steps follows the configured algorithms; compare as a set in a fixed order.
        List<String> order = List.of("token-RS256", "token-ES256", "json", "dynamodb", "dynamodb-operations", "jwks", "pipeline");
        return String.join(",", List.of(steps.split(",")).stream().sorted(Comparator.comparingInt(order::indexOf)).toList());
    }

    private List<Map<String, AttributeValue>> table() {
        List<Map<String, AttributeValue>> items = new ArrayList<>(env.moto().dynamo()
                .scan(r -> r.tableName(env.table()).consistentRead(true)).items());
        items.sort(Comparator.comparing((Map<String, AttributeValue> i) -> i.get("pk").s()).thenComparing(i -> i.get("sk").s()));
        return items;
    }
}

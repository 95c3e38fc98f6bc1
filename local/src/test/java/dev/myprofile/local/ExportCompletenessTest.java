package dev.myprofile.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.myprofile.organizations.entrypoints.ExportHandler;
import dev.myprofile.organizations.model.PortalData;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.Keys;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.http.Api;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.Responses;
import dev.myprofile.testkit.SamTemplate;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Download my data" holds every item of the person's partition (SECURITY.md), checked the only way
 * that cannot drift from the code: after every kind of change a person can make (each routed function
 * of template.yaml, with its sample event from events/), the export is compared with a Query of the
 * whole partition — every kind's count, and every item no kind knows, by its key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportCompletenessTest {
    private static final String SUBJECT = "every-change";
    /** Every route, and an export after each, in well under a minute: above the per-person write limit. */
    private static final Map<String, String> SETTINGS = Map.of("WRITES_PER_USER_PER_MINUTE", "1000");
    private TestEnvironment env;
    private List<PortalData.Kind> kinds;

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
        kinds = PortalData.kinds(new Config(Map.of()));
    }

    @AfterAll
    void stop() {
        env.close();
    }

    private String token() {
        Instant now = Instant.now();
        return env.issuer().token(SUBJECT).claim("iat", now).claim("auth_time", now)
                .claim("scope", "openid myprofile/devices.register").sign();
    }

    private UserKey user() {
        return UserKey.of(env.issuer().issuer(), SUBJECT);
    }

    @SuppressWarnings("unchecked")
    private RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler(SamTemplate.Function function) throws Exception {
        Api api = env.api(SETTINGS, Clock.systemUTC());
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

    private List<Map<String, AttributeValue>> partition() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = env.moto().dynamo().query(r -> r.tableName(env.table()).consistentRead(true)
                    .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", Items.s(user().partition())))
                    .exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    private PortalData.Kind kindOf(String sk) {
        return kinds.stream().filter(k -> k.holds(sk)).max(Comparator.comparingInt(k -> k.sortKey().length())).orElse(null);
    }

    /** The export now, compared with the partition now. */
    private void assertExportHoldsThePartition(String after) {
        APIGatewayV2HTTPResponse response = ApiContract.checked(new ExportHandler(env.api(SETTINGS, Clock.systemUTC())))
                .handleRequest(Events.withToken(Events.load("post-me-export"), token()), new TestContext());
        assertEquals(200, response.getStatusCode(), () -> after + ": " + response.getBody());
        JsonNode data = Responses.json(response).path("export");
        // Read after the export, which counted itself against the write limit before it read the partition.
        List<Map<String, AttributeValue>> items = partition();

        Map<String, Integer> expected = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        long now = Instant.now().getEpochSecond();
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get(Keys.SK).s();
            PortalData.Kind kind = kindOf(sk);
            if (kind == null) {
                unknown.add(sk);
            } else if (!("Activity".equals(Items.string(item, "entity").orElse(""))
                    && Items.number(item, "expiresAt").map(at -> at <= now).orElse(false))) {
                expected.merge(kind.id(), 1, Integer::sum);
            }
        }
        Map<String, Integer> exported = new TreeMap<>();
        for (PortalData.Kind kind : kinds) {
            JsonNode value = data.path(kind.id());
            assertFalse(value.isMissingNode(), () -> after + ": no " + kind.id() + " in the export");
            int count = kind.many() ? value.size() : value.isNull() ? 0 : 1;
            if (count > 0) {
                exported.put(kind.id(), count);
            }
        }
        List<String> other = new ArrayList<>();
        data.path("other").forEach(item -> other.add(item.path("sk").asText()));
        assertEquals(expected, exported, () -> after + ": the export's kinds against the partition's " + items.size() + " items");
        assertEquals(unknown.stream().sorted().toList(), other.stream().sorted().toList(), () -> after + ": items no kind knows");
    }

    @Test
    void after_every_kind_of_change_the_export_holds_every_item_of_the_partition() throws Exception {
        List<SamTemplate.Function> functions = SamTemplate.load().functions();
        List<String> changes = new ArrayList<>();
        // Reads first (the first creates the profile), then every change; the two that end the account's
        // sessions or the account itself go last and are checked separately.
        for (boolean reads : List.of(true, false)) {
            for (SamTemplate.Function function : functions) {
                for (SamTemplate.Route route : function.routes()) {
                    String key = route.routeKey();
                    if (route.method().equals("GET") != reads || key.equals("POST /me/close")
                            || key.equals("POST /me/sign-out-everywhere") || key.equals("POST /me/export")) {
                        continue;
                    }
                    APIGatewayV2HTTPResponse answer = handler(function).handleRequest(sample(route, token()), new TestContext());
                    assertTrue(answer.getStatusCode() < 500, () -> key + ": " + answer.getBody());
                    changes.add(key + " → " + answer.getStatusCode());
                    assertExportHoldsThePartition("after " + key + " (" + answer.getStatusCode() + ")");
                }
            }
        }
        assertTrue(changes.size() > 15, changes::toString);

        // An item a later version writes, which this export does not know: exported as it is.
        Map<String, AttributeValue> future = new java.util.HashMap<>(Items.key(user(), "ZZ-LATER#1"));
        future.put("entity", Items.s("Later"));
        env.moto().dynamo().putItem(r -> r.tableName(env.table()).item(future));
        assertExportHoldsThePartition("after a later version's item");
        System.out.println("export compared with the partition after: " + changes);
    }
}

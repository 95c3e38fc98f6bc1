package dev.myprofile.devices.entrypoints;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.myprofile.devices.cleanup.CleanupSettings;
import dev.myprofile.devices.cleanup.DeviceCleanup;
import dev.myprofile.devices.cleanup.store.DynamoCleanupStore;
import dev.myprofile.devices.model.Device;
import dev.myprofile.devices.store.dynamodb.DeviceItems;
import dev.myprofile.devices.store.dynamodb.DynamoDeviceStore;
import dev.myprofile.shared.auth.MfaMethods;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.http.Api;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.CountingProxy;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.FaultyDynamoDb;
import dev.myprofile.testkit.Responses;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import dev.myprofile.testkit.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Devices page's routes through the real handlers, against moto. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevicesApiTest {
    private TestEnvironment env;
    private TestIssuer issuer;
    private Api api;
    private ApiContract.Checked list;
    private ApiContract.Checked register;
    private ApiContract.Checked rename;
    private ApiContract.Checked disable;

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
        issuer = env.issuer();
        api = env.api();
        list = ApiContract.checked(new ListDevicesHandler(api));
        register = ApiContract.checked(new RegisterDeviceHandler(api));
        rename = ApiContract.checked(new RenameDeviceHandler(api));
        disable = ApiContract.checked(new DisableDeviceHandler(api));
    }

    @AfterAll
    void stop() {
        env.close();
    }

    // --- helpers -------------------------------------------------------------------------------

    private UserKey key(String subject) {
        return UserKey.of(issuer.issuer(), subject);
    }

    /** A device stored directly, as registration would have left it, active {@code ago}. */
    private void seed(String subject, String deviceId, Duration ago) {
        Instant now = Instant.now();
        Device device = new Device(deviceId, "Device " + deviceId, "Windows", "11", Device.TrustType.JOINED,
                now.minus(Duration.ofDays(400)), now.minus(ago), true, Optional.empty(), Optional.empty(), 1);
        env.moto().dynamo().putItem(r -> r.tableName(env.table()).item(DeviceItems.item(key(subject), device, false)));
    }

    private Map<String, AttributeValue> stored(String subject, String deviceId) {
        return env.moto().dynamo().getItem(r -> r.tableName(env.table()).consistentRead(true)
                .key(Items.key(key(subject), DeviceItems.sortKey(deviceId)))).item();
    }

    private List<Map<String, AttributeValue>> activity(String subject) {
        return env.moto().dynamo().query(r -> r.tableName(env.table())
                .keyConditionExpression("pk = :pk AND begins_with(sk, :a)")
                .expressionAttributeValues(Map.of(":pk", Items.s(key(subject).partition()), ":a", Items.s("ACTIVITY#")))).items();
    }

    private APIGatewayV2HTTPEvent event(String sample, String token, String deviceId) {
        APIGatewayV2HTTPEvent event = Events.withToken(Events.load(sample), token);
        if (deviceId != null) {
            event.setPathParameters(Map.of("deviceId", deviceId));
        }
        return event;
    }

    private APIGatewayV2HTTPResponse listDevices(String subject, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = event("get-me-devices", issuer.token(subject).sign(), null);
        event.setQueryStringParameters(query);
        return list.handleRequest(event, new TestContext());
    }

    /** A token of the device-registration client: it carries the registration scope. */
    private String registrationToken(String subject) {
        return issuer.token(subject).claim("scope", "openid " + RegisterDeviceHandler.DEFAULT_SCOPE).sign();
    }

    private APIGatewayV2HTTPResponse put(String subject, String deviceId, String body) {
        return put(registrationToken(subject), deviceId, body, register);
    }

    private APIGatewayV2HTTPResponse put(String token, String deviceId, String body, ApiContract.Checked handler) {
        APIGatewayV2HTTPEvent event = event("put-me-device", token, deviceId);
        event.setBody(body);
        return handler.handleRequest(event, new TestContext());
    }

    private static String registration(String name) {
        return "{\"displayName\":\"" + name + "\",\"operatingSystem\":\"Windows\",\"operatingSystemVersion\":\"11 24H2\","
                + "\"trustType\":\"joined\"}";
    }

    private APIGatewayV2HTTPResponse patch(String subject, String deviceId, String body, String ifMatch) {
        APIGatewayV2HTTPEvent event = event("patch-me-device", issuer.token(subject).sign(), deviceId);
        event.setBody(body);
        if (ifMatch == null) {
            event.getHeaders().remove("if-match");
        } else {
            event.getHeaders().put("if-match", ifMatch);
        }
        return rename.handleRequest(event, new TestContext());
    }

    private APIGatewayV2HTTPResponse disable(String token, String deviceId) {
        return disable.handleRequest(event("post-me-device-disable", token, deviceId), new TestContext());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("devices").forEach(d -> ids.add(d.path("id").asText()));
        return ids;
    }

    // --- GET /me/devices ------------------------------------------------------------------------

    @Nested
    class Listing {
        @Test
        void devices_come_newest_activity_first_with_every_field() {
            seed("lister", "old", Duration.ofDays(100));
            seed("lister", "new", Duration.ofMinutes(1));
            seed("lister", "mid", Duration.ofDays(3));
            APIGatewayV2HTTPResponse response = listDevices("lister", null);
            assertEquals(200, response.getStatusCode(), response::getBody);
            JsonNode page = Responses.json(response);
            assertEquals(List.of("new", "mid", "old"), ids(page));
            JsonNode first = page.path("devices").path(0);
            assertEquals("Device new", first.path("displayName").asText());
            assertEquals("Windows", first.path("operatingSystem").asText());
            assertEquals("11", first.path("operatingSystemVersion").asText());
            assertEquals("joined", first.path("trustType").asText());
            assertTrue(first.path("enabled").asBoolean());
            assertFalse(first.path("registeredAt").asText().isEmpty());
            assertFalse(first.path("lastActiveAt").asText().isEmpty());
            assertTrue(page.path("next").isNull());
        }

        @Test
        void pages_continue_with_the_next_token_and_end() {
            for (int i = 0; i < 5; i++) {
                seed("pager", "p" + i, Duration.ofHours(i + 1));
            }
            JsonNode first = Responses.json(listDevices("pager", Map.of("limit", "2")));
            assertEquals(List.of("p0", "p1"), ids(first));
            JsonNode second = Responses.json(listDevices("pager", Map.of("limit", "2", "after", first.path("next").asText())));
            assertEquals(List.of("p2", "p3"), ids(second));
            JsonNode third = Responses.json(listDevices("pager", Map.of("limit", "2", "after", second.path("next").asText())));
            assertEquals(List.of("p4"), ids(third));
            assertTrue(third.path("next").isNull());
        }

        @Test
        void another_users_next_token_only_ever_reads_the_callers_own_devices() {
            seed("token-owner", "secret-a", Duration.ofHours(1));
            seed("token-owner", "secret-b", Duration.ofHours(2));
            seed("token-thief", "mine", Duration.ofHours(3));
            String next = Responses.json(listDevices("token-owner", Map.of("limit", "1"))).path("next").asText();
            JsonNode stolen = Responses.json(listDevices("token-thief", Map.of("after", next)));
            assertFalse(ids(stolen).contains("secret-b"));
            assertFalse(ids(stolen).contains("secret-a"));
        }

        @Test
        void a_bad_limit_or_token_is_400_naming_it() {
            for (String limit : List.of("0", "101", "ten", "-1")) {
                JsonNode problem = Responses.problem(listDevices("bad-list", Map.of("limit", limit)), 400);
                assertEquals("limit", problem.path("errors").path(0).path("field").asText());
            }
            for (String after : List.of("garbage", "!!!", "bm90LWEtdG9rZW4")) {
                JsonNode problem = Responses.problem(listDevices("bad-list", Map.of("after", after)), 400);
                assertEquals("after", problem.path("errors").path(0).path("field").asText());
            }
        }

        @Test
        void the_device_the_token_was_issued_to_is_marked_as_this_device() {
            seed("marked", "this-one", Duration.ofHours(1));
            seed("marked", "other-one", Duration.ofHours(2));
            APIGatewayV2HTTPEvent event = event("get-me-devices", issuer.token("marked").claim("deviceid", "this-one").sign(), null);
            event.setQueryStringParameters(null);
            JsonNode page = Responses.json(list.handleRequest(event, new TestContext()));
            assertTrue(page.path("devices").path(0).path("isCurrentDevice").asBoolean());
            assertFalse(page.path("devices").path(1).path("isCurrentDevice").asBoolean());
        }

        @Test
        void fifty_devices_are_one_DynamoDB_request_once_the_sign_out_time_is_known() {
            for (int i = 0; i < 50; i++) {
                seed("fifty", String.format("f%02d", i), Duration.ofMinutes(i + 1));
            }
            try (CountingProxy proxy = CountingProxy.to(env.moto().endpoint())) {
                ApiContract.Checked counted = ApiContract.checked(new ListDevicesHandler(env.api(
                        Map.of("DYNAMODB_ENDPOINT", proxy.endpoint().toString()), Clock.systemUTC())));
                APIGatewayV2HTTPEvent event = event("get-me-devices", issuer.token("fifty").sign(), null);
                counted.handleRequest(event, new TestContext());
                // A container's first request reads the user's sign-out time; it is then kept up to 60 s.
                assertEquals(List.of("GetItem", "Query"), proxy.operations());
                proxy.clear();

                JsonNode page = Responses.json(counted.handleRequest(event, new TestContext()));
                assertEquals(50, page.path("devices").size());
                assertEquals(List.of("Query"), proxy.operations());
            }
        }
    }

    // --- PUT /me/devices/{deviceId} ---------------------------------------------------------------

    @Nested
    class Registration {
        @Test
        void a_new_device_is_created_and_a_repeat_refreshes_it_idempotently() {
            APIGatewayV2HTTPResponse created = put("registrar", "laptop-1", registration("LAPTOP-1"));
            assertEquals(201, created.getStatusCode(), created::getBody);
            assertEquals("/me/devices/laptop-1", Responses.header(created, "Location"));
            assertEquals("LAPTOP-1", Responses.json(created).path("displayName").asText());

            APIGatewayV2HTTPResponse again = put("registrar", "laptop-1", registration("LAPTOP-1"));
            assertEquals(200, again.getStatusCode(), again::getBody);
            assertEquals(List.of("laptop-1"), ids(Responses.json(listDevices("registrar", null))));
            assertEquals(1, activity("registrar").size(), "one registration, one entry");
        }

        @Test
        void the_web_apps_token_cannot_register_a_device_and_the_problem_names_the_missing_scope() {
            // The web app's token: valid, the user's own, but without the registration scope.
            String webToken = issuer.token("web-user").claim("scope", "openid profile email").sign();
            APIGatewayV2HTTPResponse response = put(webToken, "self-declared", registration("JOINED?"), register);
            JsonNode problem = Responses.problem(response, 403);
            assertEquals(RegisterDeviceHandler.DEFAULT_SCOPE, problem.path("requiredScope").asText());
            assertTrue(problem.path("detail").asText().contains(RegisterDeviceHandler.DEFAULT_SCOPE), problem::toString);
            assertEquals("Bearer error=\"insufficient_scope\", scope=\"" + RegisterDeviceHandler.DEFAULT_SCOPE + "\"",
                    Responses.header(response, "WWW-Authenticate"));
            assertTrue(stored("web-user", "self-declared").isEmpty());
            assertTrue(activity("web-user").isEmpty());
        }

        @Test
        void the_registration_clients_token_registers_with_the_configured_scope_in_either_claim() {
            ApiContract.Checked custom = ApiContract.checked(new RegisterDeviceHandler(env.api(Map.of("DEVICE_REGISTRATION_SCOPE", "Devices.Register"),
                    Clock.systemUTC())));
            String entraStyle = issuer.token("scoped").claim("scp", "User.Read Devices.Register").sign();
            assertEquals(201, put(entraStyle, "entra", registration("E"), custom).getStatusCode());
            String listStyle = issuer.token("scoped").claim("scope", List.of("Devices.Register")).sign();
            assertEquals(201, put(listStyle, "listed", registration("L"), custom).getStatusCode());
            Responses.problem(put(registrationToken("scoped"), "default-scope", registration("D"), custom), 403);
        }

        /** The handler as the template wires it to a Cognito pool: the web app's client and the device-management service's. */
        private ApiContract.Checked cognitoRegister() {
            return ApiContract.checked(new RegisterDeviceHandler(env.api(Map.of("TOKEN_AUDIENCE", "", "COGNITO_CLIENT_ID", "web-app",
                    "SERVICE_CLIENT_ID", "device-service", "TOKEN_TYPES", "absent"), Clock.systemUTC())));
        }

        /** Cognito's client-credentials access token: its subject is the client, no person, no username. */
        private String serviceToken(String clientId, String scope) {
            return issuer.token(clientId).type(null).without("aud").claim("client_id", clientId)
                    .claim("token_use", "access").claim("scope", scope).sign();
        }

        private static String registrationFor(String subject, String name) {
            return registration(name).replace("{", "{\"subject\":\"" + subject + "\",");
        }

        @Test
        void the_services_client_credentials_token_registers_for_the_person_the_body_names() {
            ApiContract.Checked cognito = cognitoRegister();
            APIGatewayV2HTTPResponse created = put(serviceToken("device-service", RegisterDeviceHandler.DEFAULT_SCOPE),
                    "svc-laptop", registrationFor("person-of-service", "SVC-LAPTOP"), cognito);
            assertEquals(201, created.getStatusCode(), created::getBody);
            assertEquals("SVC-LAPTOP", stored("person-of-service", "svc-laptop").get("displayName").s());
            assertTrue(stored("device-service", "svc-laptop").isEmpty(), "nothing in the client's own partition");
            assertEquals(1, activity("person-of-service").size());
        }

        @Test
        void the_services_own_token_without_a_person_or_without_the_scope_changes_nothing() {
            ApiContract.Checked cognito = cognitoRegister();
            JsonNode unnamed = Responses.problem(put(serviceToken("device-service", RegisterDeviceHandler.DEFAULT_SCOPE),
                    "svc-unnamed", registration("NOBODY"), cognito), 400);
            assertEquals("subject", unnamed.path("errors").path(0).path("field").asText(), unnamed::toString);
            assertTrue(stored("device-service", "svc-unnamed").isEmpty());
            JsonNode unscoped = Responses.problem(put(serviceToken("device-service", "myprofile/other"),
                    "svc-unscoped", registrationFor("unscoped-person", "X"), cognito), 403);
            assertEquals(RegisterDeviceHandler.DEFAULT_SCOPE, unscoped.path("requiredScope").asText());
            assertTrue(stored("unscoped-person", "svc-unscoped").isEmpty());
        }

        @Test
        void a_persons_token_cannot_name_someone_else_and_another_clients_token_is_refused() {
            ApiContract.Checked cognito = cognitoRegister();
            String personal = issuer.token("a-person").type(null).without("aud").claim("client_id", "web-app")
                    .claim("token_use", "access").claim("scope", RegisterDeviceHandler.DEFAULT_SCOPE).sign();
            JsonNode named = Responses.problem(put(personal, "other-persons", registrationFor("victim", "MINE NOW"), cognito), 400);
            assertEquals("subject", named.path("errors").path(0).path("field").asText(), named::toString);
            assertTrue(stored("victim", "other-persons").isEmpty());
            assertEquals(401, put(serviceToken("some-other-client", RegisterDeviceHandler.DEFAULT_SCOPE), "foreign",
                    registrationFor("victim", "X"), cognito).getStatusCode());
            assertTrue(stored("victim", "foreign").isEmpty());
        }

        private static String importFor(String subject, String name, String registeredAt) {
            return registrationFor(subject, name).replace("{", "{\"registeredAt\":\"" + registeredAt + "\",");
        }

        @Test
        void the_services_own_token_imports_a_device_with_the_time_it_was_registered() {
            ApiContract.Checked cognito = cognitoRegister();
            Instant enrolled = Instant.now().minus(Duration.ofDays(400)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            APIGatewayV2HTTPResponse created = put(serviceToken("device-service", RegisterDeviceHandler.DEFAULT_SCOPE),
                    "imported", importFor("importing-person", "OLD-DESKTOP", enrolled.toString()), cognito);
            assertEquals(201, created.getStatusCode(), created::getBody);
            JsonNode device = Responses.json(created);
            assertEquals(enrolled, Instant.parse(device.path("registeredAt").asText()));
            // Its last known activity is its enrolment, until a sign-in report says later.
            assertEquals(enrolled, Instant.parse(device.path("lastActiveAt").asText()));
            assertEquals(enrolled.toString(), stored("importing-person", "imported").get("registeredAt").s());
            // The registration is in the person's history now, as the device management's (no address: not the person's request).
            List<Map<String, AttributeValue>> entries = activity("importing-person");
            assertEquals(1, entries.size());
            assertEquals("device.registered", entries.get(0).get("operation").s());
            assertEquals("device-management", entries.get(0).get("actor").s());
            assertFalse(entries.get(0).containsKey("sourceIp"), entries.get(0)::toString);
            Instant entryAt = Instant.parse(entries.get(0).get("at").s());
            assertTrue(entryAt.isAfter(Instant.now().minus(Duration.ofMinutes(1))), "written when it happened: " + entryAt);

            // The import again (the service re-sending what it knows) refreshes it without making it active now.
            APIGatewayV2HTTPResponse again = put(serviceToken("device-service", RegisterDeviceHandler.DEFAULT_SCOPE),
                    "imported", importFor("importing-person", "OLD-DESKTOP", enrolled.toString()), cognito);
            assertEquals(200, again.getStatusCode(), again::getBody);
            assertEquals(enrolled, Instant.parse(Responses.json(again).path("lastActiveAt").asText()));
            assertEquals(enrolled, Instant.parse(Responses.json(again).path("registeredAt").asText()));
            assertEquals(1, activity("importing-person").size());
        }

        @Test
        void the_services_registrations_are_limited_per_person_not_for_the_service_as_a_whole() {
            ApiContract.Checked limited = ApiContract.checked(new RegisterDeviceHandler(env.api(Map.of("TOKEN_AUDIENCE", "",
                    "COGNITO_CLIENT_ID", "web-app", "SERVICE_CLIENT_ID", "device-service", "TOKEN_TYPES", "absent",
                    "DEVICE_REGISTRATIONS_PER_HOUR", "2"), Clock.systemUTC())));
            String service = serviceToken("device-service", RegisterDeviceHandler.DEFAULT_SCOPE);
            // An import for several people: each person's hour has room, however many the service registers.
            for (String person : List.of("many-1", "many-2", "many-3")) {
                assertEquals(201, put(service, "pc", registrationFor(person, "PC"), limited).getStatusCode(), person);
                assertEquals(201, put(service, "phone", registrationFor(person, "PHONE"), limited).getStatusCode(), person);
            }
            // One person's third in the hour is refused, and nothing is written.
            APIGatewayV2HTTPResponse third = put(service, "tablet", registrationFor("many-1", "TABLET"), limited);
            Responses.problem(third, 429);
            assertTrue(stored("many-1", "tablet").isEmpty());
        }

        @Test
        void a_persons_token_cannot_say_when_a_device_was_registered_and_nothing_is_written() {
            ApiContract.Checked cognito = cognitoRegister();
            String enrolled = Instant.now().minus(Duration.ofDays(30)).toString();
            // A person's token with the registration scope (another provider's registration client): 400, nothing written.
            String body = registration("BACKDATED").replace("{", "{\"registeredAt\":\"" + enrolled + "\",");
            JsonNode problem = Responses.problem(put("backdating", "backdated", body), 400);
            assertEquals("registeredAt", problem.path("errors").path(0).path("field").asText(), problem::toString);
            assertEquals("not-allowed", problem.path("errors").path(0).path("code").asText(), problem::toString);
            assertTrue(stored("backdating", "backdated").isEmpty());
            assertTrue(activity("backdating").isEmpty());
            // The same with a Cognito person's token beside the service's client.
            String personal = issuer.token("backdating-cognito").type(null).without("aud").claim("client_id", "web-app")
                    .claim("token_use", "access").claim("scope", RegisterDeviceHandler.DEFAULT_SCOPE).sign();
            Responses.problem(put(personal, "backdated", body, cognito), 400);
            assertTrue(stored("backdating-cognito", "backdated").isEmpty());
        }

        @Test
        void a_registration_time_in_the_future_absurdly_old_or_garbled_is_400_and_nothing_is_written() {
            ApiContract.Checked cognito = cognitoRegister();
            Instant now = Instant.now();
            Map<String, String> codes = Map.of(now.plus(Duration.ofMinutes(10)).toString(), "time-out-of-range",
                    now.minus(Duration.ofDays(365L * 30)).toString(), "time-out-of-range",
                    "yesterday", "not-instant", "2025-13-01T00:00:00Z", "not-instant", "2025-03-01", "not-instant");
            for (String bad : codes.keySet()) {
                APIGatewayV2HTTPResponse response = put(serviceToken("device-service", RegisterDeviceHandler.DEFAULT_SCOPE),
                        "bad-time", importFor("bad-time-person", "X", bad), cognito);
                JsonNode problem = Responses.problem(response, 400);
                assertEquals("registeredAt", problem.path("errors").path(0).path("field").asText(), bad + ": " + problem);
                assertEquals(codes.get(bad), problem.path("errors").path(0).path("code").asText(), bad + ": " + problem);
                assertEquals("application/problem+json", Responses.header(response, "Content-Type"));
            }
            assertTrue(stored("bad-time-person", "bad-time").isEmpty());
            assertTrue(activity("bad-time-person").isEmpty());
            // Within the clock's skew is accepted (a service's clock a little ahead).
            assertEquals(201, put(serviceToken("device-service", RegisterDeviceHandler.DEFAULT_SCOPE), "bad-time",
                    importFor("bad-time-person", "X", now.plus(Duration.ofMinutes(2)).toString()), cognito).getStatusCode());
        }

        @Test
        void the_users_own_name_survives_a_refresh_from_the_registration_client() {
            put("keeps-name", "pc", registration("DESKTOP-7QX"));
            assertEquals(200, patch("keeps-name", "pc", "{\"displayName\":\"Home PC\"}", "\"1\"").getStatusCode());
            APIGatewayV2HTTPResponse refreshed = put("keeps-name", "pc", registration("DESKTOP-7QX"));
            assertEquals("Home PC", Responses.json(refreshed).path("displayName").asText());
        }

        @Test
        void registering_a_disabled_device_does_not_enable_it() {
            put("re-enabler", "gone", registration("GONE"));
            assertEquals(200, disable(issuer.token("re-enabler").sign(), "gone").getStatusCode());
            Responses.problem(put("re-enabler", "gone", registration("GONE")), 409);
            assertEquals("disabled", stored("re-enabler", "gone").get("state").s());
        }

        @Test
        void a_device_the_cleanup_deleted_cannot_come_back_as_new_until_its_tombstone_expires() {
            Instant now = Instant.now();
            Device longDisabled = new Device("stolen", "Stolen phone", "iOS", "18", Device.TrustType.REGISTERED,
                    now.minus(Duration.ofDays(300)), now.minus(Duration.ofDays(200)), false,
                    Optional.of(now.minus(Duration.ofDays(45))), Optional.of(Device.DisabledBy.USER), 2);
            env.moto().dynamo().putItem(r -> r.tableName(env.table()).item(DeviceItems.item(key("tombstoned"), longDisabled, false)));
            DeviceCleanup cleanup = new DeviceCleanup(new DynamoCleanupStore(env.moto().dynamo(), env.table()),
                    CleanupSettings.from(env.platform().config()), Clock.systemUTC());
            assertEquals(1, cleanup.run("tombstone-test", false, false, () -> 600_000).deleted());
            assertTrue(stored("tombstoned", "stolen").isEmpty());

            JsonNode problem = Responses.problem(put("tombstoned", "stolen", registration("NEW PHONE")), 409);
            assertEquals("urn:myprofile:problem:device-removed", problem.path("type").asText());
            assertTrue(stored("tombstoned", "stolen").isEmpty());

            // Expired (TTL deletes lazily, up to two days late): it no longer refuses the id.
            env.moto().dynamo().updateItem(r -> r.tableName(env.table())
                    .key(Items.key(key("tombstoned"), "DEVICE-TOMBSTONE#stolen"))
                    .updateExpression("SET expiresAt = :past")
                    .expressionAttributeValues(Map.of(":past", Items.n(now.minusSeconds(1).getEpochSecond()))));
            assertEquals(201, put("tombstoned", "stolen", registration("NEW PHONE")).getStatusCode());
        }

        @Test
        void bad_bodies_are_400_listing_each_field_and_store_nothing() {
            JsonNode missing = Responses.problem(put("bad-register", "x1", "{\"displayName\":\"X\"}"), 400);
            List<String> fields = new ArrayList<>();
            missing.path("errors").forEach(e -> fields.add(e.path("field").asText()));
            assertEquals(List.of("operatingSystem", "operatingSystemVersion", "trustType"), fields);

            JsonNode unknown = Responses.problem(put("bad-register", "x1",
                    registration("X").replace("}", ",\"enabled\":true}")), 400);
            assertEquals("enabled", unknown.path("errors").path(0).path("field").asText());

            Responses.problem(put("bad-register", "x1", registration("X").replace("joined", "owned")), 400);
            Responses.problem(put("bad-register", "x1", registration("x".repeat(257))), 400);
            assertTrue(stored("bad-register", "x1").isEmpty());
        }

        @Test
        void a_name_that_is_not_valid_visible_text_is_400_naming_it_and_stores_nothing() {
            // JSON escapes, as a client sends them: an unpaired surrogate, a bidi override, a zero-width space.
            for (String name : List.of("x\\ud800", "\\udc00x", "Ada\\u202egnp.exe", "Ad\\u200ba", "\\ufeffAda")) {
                JsonNode problem = Responses.problem(put("bad-text", "t1", registration(name)), 400);
                assertEquals("displayName", problem.path("errors").path(0).path("field").asText(), name);
            }
            assertTrue(stored("bad-text", "t1").isEmpty());
            assertTrue(activity("bad-text").isEmpty());
        }

        @Test
        void a_name_is_stored_in_one_normal_form() {
            put("nfc", "n1", registration("Zoe\\u0308"));
            assertEquals("Zo\u00eb", stored("nfc", "n1").get("displayName").s());
        }

        @Test
        void a_malformed_device_id_is_400() {
            for (String id : List.of("has space", "x".repeat(129), "slash/inside", "")) {
                JsonNode problem = Responses.problem(put("bad-id", id, registration("X")), 400);
                assertEquals("deviceId", problem.path("errors").path(0).path("field").asText());
            }
        }
    }

    // --- How many devices, how often ---------------------------------------------------------------

    @Nested
    class Limits {
        @Test
        void a_51st_device_is_409_saying_how_to_free_one_while_refreshes_still_pass_and_a_disabled_device_frees_one() {
            for (int i = 0; i < 50; i++) {
                seed("full", String.format("f%02d", i), Duration.ofHours(i + 1));
            }
            APIGatewayV2HTTPResponse refused = put("full", "one-more", registration("ONE-MORE"));
            JsonNode problem = Responses.problem(refused, 409);
            assertEquals("urn:myprofile:problem:device-limit", problem.path("type").asText());
            assertEquals(50, problem.path("maxDevices").asInt());
            assertTrue(problem.path("detail").asText().contains("disable a device you no longer use"), problem::toString);
            assertTrue(stored("full", "one-more").isEmpty());
            assertTrue(activity("full").isEmpty());

            assertEquals(200, put("full", "f00", registration("F00")).getStatusCode(), "a known device still reports in");
            assertEquals(200, disable(issuer.token("full").sign(), "f49").getStatusCode());
            assertEquals(201, put("full", "one-more", registration("ONE-MORE")).getStatusCode());
        }

        @Test
        void the_cap_is_a_setting() {
            ApiContract.Checked capped = ApiContract.checked(new RegisterDeviceHandler(env.api(Map.of("MAX_DEVICES_PER_USER", "2"), Clock.systemUTC())));
            assertEquals(201, put(registrationToken("capped"), "a", registration("A"), capped).getStatusCode());
            assertEquals(201, put(registrationToken("capped"), "b", registration("B"), capped).getStatusCode());
            JsonNode problem = Responses.problem(put(registrationToken("capped"), "c", registration("C"), capped), 409);
            assertEquals(2, problem.path("maxDevices").asInt());
        }

        @Test
        void two_registrations_that_counted_the_same_devices_cannot_both_pass_the_cap() {
            Map<String, String> capOfTwo = Map.of("MAX_DEVICES_PER_USER", "2");
            seed("racing-cap", "first", Duration.ofHours(1));
            ApiContract.Checked other = ApiContract.checked(new RegisterDeviceHandler(env.api(capOfTwo, Clock.systemUTC())));
            // Between this registration's count (one device) and its write, another registration takes the last place.
            FaultyDynamoDb dynamo = FaultyDynamoDb.over(env.moto().dynamo()).aroundNextTransaction(
                    () -> assertEquals(201, put(registrationToken("racing-cap"), "second", registration("S"), other).getStatusCode()),
                    () -> {});
            ApiContract.Checked racing = ApiContract.checked(new RegisterDeviceHandler(env.api(capOfTwo, dynamo)));
            Responses.problem(put(registrationToken("racing-cap"), "third", registration("T"), racing), 409);
            assertTrue(stored("racing-cap", "third").isEmpty());
            assertEquals(List.of("second", "first"), ids(Responses.json(listDevices("racing-cap", null))));
        }

        @Test
        void registrations_past_the_hourly_limit_are_429_with_Retry_After() {
            ApiContract.Checked limited = ApiContract.checked(new RegisterDeviceHandler(env.api(Map.of("DEVICE_REGISTRATIONS_PER_HOUR", "2"),
                    Clock.systemUTC())));
            assertEquals(201, put(registrationToken("eager"), "e1", registration("E1"), limited).getStatusCode());
            assertEquals(200, put(registrationToken("eager"), "e1", registration("E1"), limited).getStatusCode());
            APIGatewayV2HTTPResponse third = put(registrationToken("eager"), "e2", registration("E2"), limited);
            Responses.problem(third, 429);
            long retryAfter = Long.parseLong(Responses.header(third, "Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 3600, "Retry-After " + retryAfter);
            assertTrue(stored("eager", "e2").isEmpty());
        }
    }

    // --- PATCH /me/devices/{deviceId} -------------------------------------------------------------

    @Nested
    class Rename {
        @Test
        void a_rename_is_kept_and_the_version_grows() {
            seed("renamer", "tab", Duration.ofHours(1));
            APIGatewayV2HTTPResponse response = patch("renamer", "tab", "{\"displayName\":\"  Kitchen tablet \"}", "\"1\"");
            assertEquals(200, response.getStatusCode(), response::getBody);
            assertEquals("\"2\"", Responses.header(response, "ETag"));
            assertEquals("Kitchen tablet", stored("renamer", "tab").get("displayName").s());
        }

        @Test
        void a_rename_writes_one_activity_entry_naming_the_device_by_its_new_name() {
            seed("rename-logger", "tab", Duration.ofHours(1));
            assertEquals(200, patch("rename-logger", "tab", "{\"displayName\":\"Kitchen tablet\"}", "\"1\"").getStatusCode());

            List<Map<String, AttributeValue>> entries = activity("rename-logger");
            assertEquals(1, entries.size());
            assertEquals("device.renamed", entries.get(0).get("operation").s());
            assertEquals("device", entries.get(0).get("subjectType").s());
            assertEquals("tab", entries.get(0).get("subjectId").s());
            assertEquals("Kitchen tablet", entries.get(0).get("subjectName").s());
            assertEquals("user", entries.get(0).get("actor").s());
            assertEquals("203.0.113.7", entries.get(0).get("sourceIp").s());
        }

        @Test
        void a_refused_rename_writes_no_activity_entry() {
            seed("refused-renamer", "tab", Duration.ofHours(1));
            Responses.problem(patch("refused-renamer", "tab", "{\"displayName\":\"Second\"}", "\"7\""), 412);
            assertTrue(activity("refused-renamer").isEmpty());
        }

        @Test
        void a_stale_version_is_412_and_changes_nothing() {
            seed("stale-renamer", "tab", Duration.ofHours(1));
            patch("stale-renamer", "tab", "{\"displayName\":\"First\"}", "\"1\"");
            JsonNode problem = Responses.problem(patch("stale-renamer", "tab", "{\"displayName\":\"Second\"}", "\"1\""), 412);
            assertEquals(2, problem.path("currentVersion").asInt());
            assertEquals("First", stored("stale-renamer", "tab").get("displayName").s());
        }

        @Test
        void a_name_that_is_not_valid_visible_text_is_400_naming_it_and_changes_nothing() {
            seed("bad-text-renamer", "tab", Duration.ofHours(1));
            for (String name : List.of("x\\ud800", "Kitchen\\u2066 tablet", "\\u200b")) {
                JsonNode problem = Responses.problem(patch("bad-text-renamer", "tab", "{\"displayName\":\"" + name + "\"}", "\"1\""), 400);
                assertEquals("displayName", problem.path("errors").path(0).path("field").asText(), name);
            }
            assertEquals("Device tab", stored("bad-text-renamer", "tab").get("displayName").s());
            assertEquals("1", stored("bad-text-renamer", "tab").get("version").n());
        }

        @Test
        void a_disabled_device_refuses_a_rename_with_409_and_keeps_its_name() {
            seed("disabled-renamer", "lost", Duration.ofDays(2));
            assertEquals(200, disable(issuer.token("disabled-renamer").sign(), "lost").getStatusCode());
            JsonNode problem = Responses.problem(patch("disabled-renamer", "lost", "{\"displayName\":\"Mine again\"}", "\"2\""), 409);
            assertEquals("urn:myprofile:problem:device-disabled", problem.path("type").asText());
            assertEquals("Device lost", stored("disabled-renamer", "lost").get("displayName").s());
            assertEquals("2", stored("disabled-renamer", "lost").get("version").n());
            assertEquals(1, activity("disabled-renamer").size(), "the disabling's entry only");
        }

        @Test
        void an_unknown_device_is_404() {
            Responses.problem(patch("renamer-404", "nothing-here", "{\"displayName\":\"X\"}", "\"1\""), 404);
        }

        @Test
        void another_users_device_is_404_and_unchanged() {
            seed("owner", "owned", Duration.ofHours(1));
            Responses.problem(patch("intruder", "owned", "{\"displayName\":\"Mine now\"}", "\"1\""), 404);
            assertEquals("Device owned", stored("owner", "owned").get("displayName").s());
        }

        @Test
        void bad_input_is_400_and_no_version_is_428() {
            seed("bad-renamer", "tab", Duration.ofHours(1));
            JsonNode unknown = Responses.problem(patch("bad-renamer", "tab", "{\"displayName\":\"X\",\"enabled\":true}", "\"1\""), 400);
            assertEquals("enabled", unknown.path("errors").path(0).path("field").asText());
            JsonNode tooLong = Responses.problem(patch("bad-renamer", "tab", "{\"displayName\":\"" + "x".repeat(257) + "\"}", "\"1\""), 400);
            assertEquals("displayName", tooLong.path("errors").path(0).path("field").asText());
            Responses.problem(patch("bad-renamer", "tab", "{\"displayName\":\"X\"}", null), 428);
            assertEquals("Device tab", stored("bad-renamer", "tab").get("displayName").s());
        }
    }

    // --- POST /me/devices/{deviceId}/disable ------------------------------------------------------

    @Nested
    class Disable {
        @Test
        void a_fresh_sign_in_disables_the_device_and_says_only_an_administrator_can_enable_it() {
            seed("loser", "lost", Duration.ofDays(2));
            APIGatewayV2HTTPResponse response = disable(issuer.token("loser").sign(), "lost");
            assertEquals(200, response.getStatusCode(), response::getBody);
            JsonNode device = Responses.json(response);
            assertFalse(device.path("enabled").asBoolean());
            assertEquals("user", device.path("disabledBy").asText());
            assertEquals("administrator", device.path("reenabledBy").asText());

            Map<String, AttributeValue> item = stored("loser", "lost");
            assertEquals("disabled", item.get("state").s());
            assertTrue(item.get("cleanupShard").s().startsWith("D#"), "now a deletion candidate, not a stale one");

            List<Map<String, AttributeValue>> entries = activity("loser");
            assertEquals(1, entries.size());
            assertEquals("device.disabled", entries.get(0).get("operation").s());
            assertEquals("device", entries.get(0).get("subjectType").s());
            assertEquals("lost", entries.get(0).get("subjectId").s());
            assertEquals("Device lost", entries.get(0).get("subjectName").s());
            assertEquals("user", entries.get(0).get("actor").s());
            assertEquals("203.0.113.7", entries.get(0).get("sourceIp").s());
            assertTrue(entries.get(0).containsKey("userAgent"));
            assertTrue(Long.parseLong(entries.get(0).get("expiresAt").n()) > Instant.now().plus(Duration.ofDays(364)).getEpochSecond());
        }

        @Test
        void disabling_twice_answers_the_same_and_writes_one_activity_entry() {
            seed("twice", "lost", Duration.ofDays(2));
            JsonNode first = Responses.json(disable(issuer.token("twice").sign(), "lost"));
            APIGatewayV2HTTPResponse second = disable(issuer.token("twice").sign(), "lost");
            assertEquals(200, second.getStatusCode());
            assertEquals(first, Responses.json(second));
            assertEquals(1, activity("twice").size());
        }

        @Test
        void without_a_fresh_sign_in_it_is_a_401_step_up_challenge_and_nothing_changes() {
            seed("stale-signin", "lost", Duration.ofDays(2));
            String token = issuer.token("stale-signin").claim("auth_time", Instant.now().minus(Duration.ofMinutes(11))).sign();
            APIGatewayV2HTTPResponse response = disable(token, "lost");
            Responses.problem(response, 401);
            String challenge = Responses.header(response, "WWW-Authenticate");
            assertTrue(challenge.contains("error=\"insufficient_user_authentication\""), challenge);
            assertTrue(challenge.contains("max_age=600"), challenge);
            assertEquals("enabled", stored("stale-signin", "lost").get("state").s());
            assertTrue(activity("stale-signin").isEmpty());
        }

        @Test
        void a_single_factor_sign_in_is_challenged_once_the_user_has_an_MFA_method() {
            seed("has-mfa", "lost", Duration.ofDays(2));
            // The security-info module answers this port; here the user has an authenticator app.
            MfaMethods hasAuthenticatorApp = user -> user.equals(key("has-mfa"));
            ApiContract.Checked stepUp = ApiContract.checked(new DisableDeviceHandler(api,
                    new DynamoDeviceStore(env.moto().dynamo(), env.table()), hasAuthenticatorApp));
            String token = issuer.token("has-mfa").claim("amr", List.of("pwd")).sign();
            Responses.problem(stepUp.handleRequest(event("post-me-device-disable", token, "lost"), new TestContext()), 401);
            assertEquals("enabled", stored("has-mfa", "lost").get("state").s());
            String multiFactor = issuer.token("has-mfa").claim("amr", List.of("pwd", "otp")).sign();
            assertEquals(200, stepUp.handleRequest(event("post-me-device-disable", multiFactor, "lost"), new TestContext())
                    .getStatusCode());
        }

        @Test
        void another_users_device_is_404_and_unchanged() {
            seed("victim", "phone", Duration.ofDays(2));
            Responses.problem(disable(issuer.token("attacker").sign(), "phone"), 404);
            assertEquals("enabled", stored("victim", "phone").get("state").s());
            assertTrue(activity("attacker").isEmpty());
        }

        @Test
        void an_unknown_device_is_404() {
            Responses.problem(disable(issuer.token("nobody").sign(), "never-registered"), 404);
        }

        @Test
        void a_body_with_unknown_fields_is_400() {
            seed("body-disabler", "lost", Duration.ofDays(2));
            APIGatewayV2HTTPEvent event = event("post-me-device-disable", issuer.token("body-disabler").sign(), "lost");
            event.getHeaders().put("content-type", "application/json");
            event.setBody("{\"enabled\":true}");
            Responses.problem(disable.handleRequest(event, new TestContext()), 400);
            assertEquals("enabled", stored("body-disabler", "lost").get("state").s());
        }
    }

    @Test
    void a_disabled_device_lists_as_disabled() {
        seed("listing-disabled", "lost", Duration.ofDays(2));
        disable(issuer.token("listing-disabled").sign(), "lost");
        JsonNode device = Responses.json(listDevices("listing-disabled", null)).path("devices").path(0);
        assertFalse(device.path("enabled").asBoolean());
        assertFalse(device.path("disabledAt").isNull());
        assertEquals("user", device.path("disabledBy").asText());
    }
}

package dev.myprofile.organizations.entrypoints;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.UserKey;
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
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /me/export through the real handler, against moto (DynamoDB and S3). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestEnvironment env;
    private TestIssuer issuer;
    private final HttpClient http = HttpClient.newHttpClient();
    private String bucket;

    @BeforeAll
    void start() throws Exception {
        env = TestEnvironment.create();
        issuer = env.issuer();
        bucket = "exports-" + env.table().toLowerCase().replaceAll("[^a-z0-9-]", "-");
        HttpResponse<Void> created = http.send(HttpRequest.newBuilder(URI.create(env.moto().endpoint() + "/" + bucket))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, created.statusCode());
    }

    @AfterAll
    void stop() {
        env.close();
    }

    private ApiContract.Checked handler(Map<String, String> settings) {
        return ApiContract.checked(new ExportHandler(env.api(settings, Clock.systemUTC())));
    }

    private APIGatewayV2HTTPResponse export(ApiContract.Checked handler, String subject) {
        return handler.handleRequest(Events.withToken(Events.load("post-me-export"), issuer.token(subject).sign()), new TestContext());
    }

    private UserKey user(String subject) {
        return UserKey.of(issuer.issuer(), subject);
    }

    private Map<String, AttributeValue> item(String subject, String sk, Map<String, String> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(user(subject), sk));
        attributes.forEach((name, value) -> item.put(name, Items.s(value)));
        return item;
    }

    private void put(Map<String, AttributeValue> item) {
        env.moto().dynamo().putItem(r -> r.tableName(env.table()).item(item));
    }

    private void device(String subject, int i) {
        Map<String, AttributeValue> device = item(subject, "DEVICE#d-" + i, Map.of("entity", "Device", "deviceId", "d-" + i,
                "displayName", "Device " + i, "operatingSystem", "Windows", "state", "enabled",
                "lastActiveAt", Instant.now().toString(), "cleanupShard", "E#3", "cleanupAt", Instant.now().toString()));
        device.put("version", Items.n(4));
        device.put("renamed", AttributeValue.fromBool(false));
        put(device);
    }

    @Test
    void every_kind_of_item_with_only_its_listed_fields_and_nothing_else() throws Exception {
        String subject = "exporter";
        put(item(subject, "PROFILE", Map.of("entity", "Profile", "displayName", "Ex Porter", "email", "ex@contoso.example",
                "homeOrganizationId", "contoso")));
        device(subject, 1);
        Map<String, AttributeValue> entry = item(subject, "ACTIVITY#2026-01-01T00:00:00Z#device.disabled#d-1", Map.of(
                "entity", "Activity", "at", "2026-01-01T00:00:00Z", "operation", "device.disabled", "subjectType", "device",
                "subjectId", "d-1", "actor", "user", "sourceIp", "203.0.113.7"));
        entry.put("expiresAt", Items.n(Instant.now().plus(Duration.ofDays(30)).getEpochSecond()));
        put(entry);
        Map<String, AttributeValue> expired = item(subject, "ACTIVITY#2020-01-01T00:00:00Z#device.registered#d-1", Map.of(
                "entity", "Activity", "at", "2020-01-01T00:00:00Z", "operation", "device.registered", "actor", "user"));
        expired.put("expiresAt", Items.n(Instant.now().minus(Duration.ofDays(1)).getEpochSecond()));
        put(expired);
        put(item(subject, "MEMBERSHIP#fabrikam", Map.of("entity", "Membership", "organizationId", "fabrikam",
                "role", "guest", "joinedAt", "2025-06-01T00:00:00Z")));
        env.signOuts().signOutEverywhere(user(subject), Instant.parse("2026-01-02T00:00:00Z"));
        // A sign-in method as security info stores it, with a field that must never leave (none exists today).
        put(item(subject, "METHOD#MFA#authenticator-app", Map.of("entity", "SecurityMethod", "methodType", "authenticator-app",
                "displayName", "Phone app", "addedAt", "2026-01-03T00:00:00Z", "secretCode", "do-not-export")));
        put(item(subject, "METHOD#PASSWORD", Map.of("entity", "Password", "changedAt", "2026-01-04T00:00:00Z")));
        // The portal's own bookkeeping: a code being checked (its keyed hash must never leave).
        Map<String, AttributeValue> challenge = item(subject, "CHALLENGE#phone", Map.of("entity", "Challenge",
                "destination", "+46701234567", "codeHash", "do-not-export"));
        challenge.put("attempts", Items.n(1));
        put(challenge);

        APIGatewayV2HTTPResponse response = export(handler(Map.of()), subject);

        assertEquals(200, response.getStatusCode(), response::getBody);
        assertTrue(Responses.header(response, "Content-Disposition").contains("attachment"));
        assertFalse(response.getBody().contains("do-not-export"));
        JsonNode data = Responses.json(response).path("export");
        assertEquals(1, data.path("version").asInt());
        List<String> kinds = new ArrayList<>();
        data.path("kinds").forEach(k -> kinds.add(k.asText()));
        assertEquals(List.of("activity", "pendingCodes", "devices", "deviceListVersion", "removedDevices", "repeatedRequests",
                "memberships", "securityMethods", "password", "profile", "changeCounts", "codesSent", "signOut"), kinds);
        assertEquals("+46701234567", data.path("pendingCodes").path(0).path("destination").asText());
        assertEquals(1, data.path("pendingCodes").path(0).path("attempts").asInt());
        assertEquals(0, data.path("other").size());
        assertEquals("Phone app", data.path("securityMethods").path(0).path("displayName").asText());
        assertEquals("2026-01-04T00:00:00Z", data.path("password").path("changedAt").asText());
        assertEquals("Ex Porter", data.path("profile").path("displayName").asText());
        assertEquals("contoso", data.path("profile").path("homeOrganizationId").asText());
        assertEquals(1, data.path("devices").size());
        JsonNode device = data.path("devices").get(0);
        assertEquals("Device 1", device.path("displayName").asText());
        for (String internal : List.of("pk", "sk", "entity", "cleanupShard", "cleanupAt", "version", "renamed")) {
            assertTrue(device.path(internal).isMissingNode(), internal + " is the portal's bookkeeping, not the user's data");
        }
        assertEquals(1, data.path("activity").size(), "an expired entry is gone, as on the Activity page");
        assertEquals("203.0.113.7", data.path("activity").get(0).path("sourceIp").asText());
        assertEquals("fabrikam", data.path("memberships").get(0).path("organizationId").asText());
        assertEquals(Instant.parse("2026-01-02T00:00:00Z").getEpochSecond(), data.path("signOut").path("notBefore").asLong());
    }

    @Test
    void an_item_of_a_kind_the_export_does_not_know_is_exported_as_it_is_never_dropped() {
        String subject = "future";
        Map<String, AttributeValue> future = item(subject, "FUTURE#1", Map.of("entity", "Future", "note", "kept"));
        future.put("count", Items.n(3));
        future.put("tags", AttributeValue.fromSs(List.of("a", "b")));
        put(future);

        JsonNode data = Responses.json(export(handler(Map.of()), subject)).path("export");

        assertEquals(1, data.path("other").size());
        JsonNode other = data.path("other").get(0);
        assertEquals("FUTURE#1", other.path("sk").asText());
        assertEquals("Future", other.path("entity").asText());
        assertEquals("kept", other.path("note").asText());
        assertEquals(3, other.path("count").asInt());
        assertEquals(2, other.path("tags").size());
    }

    @Test
    void after_an_email_change_the_password_the_phone_and_the_profile_are_all_still_there() throws Exception {
        // METHOD#email sorts after METHOD#PASSWORD, inside the methods' prefix: the kinds interleave.
        String subject = "grace-after-email-change";
        put(item(subject, "PROFILE", Map.of("entity", "Profile", "displayName", "Grace Hopper")));
        put(item(subject, "METHOD#MFA#phone", Map.of("entity", "SecurityMethod", "methodType", "phone",
                "displayName", "Work phone", "addedAt", "2026-01-03T00:00:00Z")));
        put(item(subject, "METHOD#PASSWORD", Map.of("entity", "Password", "changedAt", "2026-01-04T00:00:00Z")));
        put(item(subject, "METHOD#email", Map.of("entity", "SecurityMethod", "methodType", "email",
                "displayName", "Email", "addedAt", "2026-01-05T00:00:00Z")));

        APIGatewayV2HTTPResponse response = export(handler(Map.of()), subject);

        assertEquals(200, response.getStatusCode(), response::getBody);
        // Every field once: a repeated name would let a reader keep only its last value.
        for (String field : List.of("securityMethods", "password", "profile", "signOut")) {
            assertEquals(2, response.getBody().split("\"" + field + "\":", -1).length,
                    () -> field + " must appear exactly once: " + response.getBody());
        }
        JsonNode data = Responses.json(response).path("export");
        assertEquals("2026-01-04T00:00:00Z", data.path("password").path("changedAt").asText());
        List<String> methods = new ArrayList<>();
        data.path("securityMethods").forEach(m -> methods.add(m.path("methodType").asText()));
        assertEquals(List.of("phone", "email"), methods);
        assertEquals("Grace Hopper", data.path("profile").path("displayName").asText());
    }

    @Test
    void a_user_with_nothing_gets_every_kind_empty_in_the_same_shape() {
        JsonNode data = Responses.json(export(handler(Map.of()), "newcomer")).path("export");
        assertTrue(data.path("profile").isNull());
        assertTrue(data.path("signOut").isNull());
        assertEquals(0, data.path("devices").size());
        assertTrue(data.path("activity").isArray());
        assertTrue(data.path("memberships").isArray());
    }

    @Test
    void without_a_fresh_sign_in_it_is_a_401_step_up_challenge() {
        String stale = issuer.token("stale").claim("auth_time", Instant.now().minus(Duration.ofMinutes(11))).sign();
        APIGatewayV2HTTPResponse response = handler(Map.of()).handleRequest(
                Events.withToken(Events.load("post-me-export"), stale), new TestContext());
        Responses.problem(response, 401);
    }

    @Test
    void a_token_the_sign_in_service_refuses_is_401_not_try_again() {
        // moto's Cognito never issued the test issuer's token: it answers NotAuthorizedException, as
        // Cognito does for a token it has revoked. Retrying can never succeed, so this is no 503.
        ApiContract.Checked handler = handler(Map.of("USER_POOL_ID", "eu-north-1_refusing",
                "COGNITO_ENDPOINT", env.moto().endpoint().toString()));

        APIGatewayV2HTTPResponse response = export(handler, "revoked-at-cognito");

        Responses.problem(response, 401);
        assertTrue(Responses.header(response, "WWW-Authenticate").contains("error=\"invalid_token\""),
                () -> Responses.header(response, "WWW-Authenticate"));
    }

    /**
     * The bucket's path on a small account (an inline limit of 100 bytes): the SDK's S3 client stores the
     * export encrypted and its S3Presigner's link downloads it from moto, byte for byte, without the
     * large account's minute of DynamoDB reads.
     */
    @Test
    void past_the_inline_limit_the_export_is_stored_encrypted_and_the_presigned_link_downloads_it() throws Exception {
        for (int i = 0; i < 3; i++) {
            device("linked", i);
        }
        ApiContract.Checked handler = handler(Map.of("EXPORT_BUCKET", bucket, "S3_ENDPOINT", env.moto().endpoint().toString(),
                "EXPORT_INLINE_MAX_BYTES", "100"));

        APIGatewayV2HTTPResponse response = export(handler, "linked");

        assertEquals(200, response.getStatusCode(), response::getBody);
        JsonNode answer = Responses.json(response);
        String link = answer.path("download").asText();
        assertTrue(link.startsWith(env.moto().endpoint() + "/" + bucket + "/exports/"), link);
        assertTrue(link.contains("X-Amz-Signature=") && link.contains("X-Amz-Expires=300"), link);
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertEquals("AES256", download.headers().firstValue("x-amz-server-side-encryption").orElse(""));
        assertEquals(answer.path("bytes").asLong(), download.body().length);
        assertEquals(3, JSON.readTree(download.body()).path("devices").size());
        HttpResponse<byte[]> unsigned = http.send(HttpRequest.newBuilder(URI.create(link.substring(0, link.indexOf('?')))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(unsigned.statusCode() >= 400, "the object is not public: " + unsigned.statusCode());
    }

    @Test
    void a_large_account_goes_to_the_bucket_and_the_answer_is_a_short_lived_link() throws Exception {
        String subject = "large";
        UserKey key = user(subject);
        List<WriteRequest> writes = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < 10_000; i++) {
            Instant at = now.minusSeconds(i);
            Map<String, AttributeValue> entry = item(subject, "ACTIVITY#" + at + "#device.registered#d-" + i, Map.of(
                    "entity", "Activity", "at", at.toString(), "operation", "device.registered", "subjectType", "device",
                    "subjectId", "d-" + (i % 100), "subjectName", "Device " + (i % 100), "actor", "user",
                    "sourceIp", "198.51.100." + (i % 250), "userAgent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0"));
            entry.put("expiresAt", Items.n(at.plus(Duration.ofDays(365)).getEpochSecond()));
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(entry).build()).build());
        }
        for (int i = 0; i < writes.size(); i += 25) {
            List<WriteRequest> batch = writes.subList(i, Math.min(writes.size(), i + 25));
            var answer = env.moto().dynamo().batchWriteItem(r -> r.requestItems(Map.of(env.table(), batch)));
            assertTrue(answer.unprocessedItems().isEmpty());
        }
        for (int i = 0; i < 100; i++) {
            device(subject, i);
        }

        ApiContract.Checked handler = handler(Map.of("EXPORT_BUCKET", bucket, "S3_ENDPOINT", env.moto().endpoint().toString(),
                "EXPORT_INLINE_MAX_BYTES", Long.toString(1024 * 1024)));
        long started = System.nanoTime();
        APIGatewayV2HTTPResponse response = export(handler, subject);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(200, response.getStatusCode(), response::getBody);
        JsonNode answer = Responses.json(response);
        String link = answer.path("download").asText();
        assertTrue(link.contains("X-Amz-Signature=") && link.contains("X-Amz-Expires=300"), link);
        assertTrue(answer.path("bytes").asLong() > 1024 * 1024);
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        JsonNode data = JSON.readTree(download.body());
        assertEquals(10_000, data.path("activity").size());
        assertEquals(100, data.path("devices").size());
        assertEquals(answer.path("bytes").asLong(), download.body().length);
        System.out.println("export of 10 000 activity entries and 100 devices: " + download.body().length + " bytes in " + millis + " ms");
        assertTrue(millis < 60_000, "within the function's 60 s: " + millis + " ms");
    }
}

package dev.myprofile.devices.entrypoints;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.myprofile.devices.cleanup.entrypoints.CleanupHandler;
import dev.myprofile.devices.model.Device;
import dev.myprofile.devices.store.dynamodb.DeviceItems;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.platform.Platform;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.FaultyDynamoDb;
import dev.myprofile.testkit.Responses;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import dev.myprofile.testkit.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code DeviceAdminFunction} through the real handler against moto: an administrator enables a
 * disabled device again (and the real cleanup then leaves it alone), or lifts a removed device's
 * tombstone so it may be registered again; each once, with one activity entry by the administrator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceAdminTest {
    private TestEnvironment env;
    private TestIssuer issuer;
    private DeviceAdminHandler admin;
    private CleanupHandler cleanup;
    private ApiContract.Checked register;

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
        issuer = env.issuer();
        admin = new DeviceAdminHandler(env.platform());
        cleanup = new CleanupHandler(env.platform());
        register = ApiContract.checked(new RegisterDeviceHandler(env.api()));
    }

    @AfterAll
    void stop() {
        env.close();
    }

    private UserKey key(String subject) {
        return UserKey.of(issuer.issuer(), subject);
    }

    /** A device last active {@code inactive} ago, disabled {@code disabledAgo} ago unless empty. */
    private void seed(String subject, String deviceId, Duration inactive, Optional<Duration> disabledAgo) {
        Instant now = Instant.now();
        Device device = new Device(deviceId, "Device " + deviceId, "Windows", "11", Device.TrustType.JOINED,
                now.minus(Duration.ofDays(400)), now.minus(inactive), disabledAgo.isEmpty(), disabledAgo.map(now::minus),
                disabledAgo.map(d -> Device.DisabledBy.CLEANUP), 3);
        env.moto().dynamo().putItem(r -> r.tableName(env.table()).item(DeviceItems.item(key(subject), device, false)));
    }

    private Map<String, AttributeValue> stored(String subject, String sortKey) {
        return env.moto().dynamo().getItem(r -> r.tableName(env.table()).consistentRead(true)
                .key(Items.key(key(subject), sortKey))).item();
    }

    private Map<String, AttributeValue> device(String subject, String deviceId) {
        return stored(subject, DeviceItems.sortKey(deviceId));
    }

    private List<Map<String, AttributeValue>> activity(String subject) {
        return env.moto().dynamo().query(r -> r.tableName(env.table())
                .keyConditionExpression("pk = :pk AND begins_with(sk, :a)")
                .expressionAttributeValues(Map.of(":pk", Items.s(key(subject).partition()), ":a", Items.s("ACTIVITY#")))).items();
    }

    private Map<String, Object> administer(String action, String subject, String deviceId) {
        return admin.handleRequest(new HashMap<>(Map.of("action", action, "issuer", issuer.issuer(), "subject", subject,
                "deviceId", deviceId)), new TestContext("DeviceAdminFunction", 30_000));
    }

    private Map<String, Object> runCleanup(String runId) {
        return cleanup.handleRequest(new HashMap<>(Map.of("id", runId)), new TestContext("CleanupFunction", 900_000));
    }

    @Test
    void a_disabled_device_is_enabled_again_once_with_an_administrators_activity_entry() {
        seed("lost-and-found", "laptop", Duration.ofDays(120), Optional.of(Duration.ofDays(5)));
        Instant before = Instant.now();

        assertEquals("ENABLED", administer("enable-device", "lost-and-found", "laptop").get("result"));

        Map<String, AttributeValue> item = device("lost-and-found", "laptop");
        assertEquals("enabled", item.get("state").s());
        assertFalse(item.containsKey("disabledAt"));
        assertFalse(item.containsKey("disabledBy"));
        assertEquals("4", item.get("version").n());
        assertTrue(item.get("cleanupShard").s().startsWith("E#"), "back on the enabled side of the cleanup's index");
        Instant activeAgain = Instant.parse(item.get("cleanupAt").s());
        assertFalse(activeAgain.isBefore(before), "the staleness clock starts again when it is enabled");
        assertEquals(item.get("cleanupAt").s(), item.get("lastActiveAt").s(), "the page and the cleanup read the same time");
        assertEquals("1", stored("lost-and-found", "DEVICE-SET").get("version").n(),
                "the device set moved on: a registration that counted before must count again");

        List<Map<String, AttributeValue>> entries = activity("lost-and-found");
        assertEquals(1, entries.size());
        assertEquals("device.enabled", entries.get(0).get("operation").s());
        assertEquals("administrator", entries.get(0).get("actor").s());
        assertEquals("laptop", entries.get(0).get("subjectId").s());
        assertEquals("Device laptop", entries.get(0).get("subjectName").s());
    }

    @Test
    void the_next_cleanup_run_does_not_disable_an_enabled_again_device_for_its_old_inactivity() {
        seed("revived", "old-phone", Duration.ofDays(200), Optional.of(Duration.ofDays(40)));
        seed("revived", "control", Duration.ofDays(200), Optional.empty());
        assertEquals("ENABLED", administer("enable-device", "revived", "old-phone").get("result"));

        Map<String, Object> report = runCleanup("after-enabling");

        assertEquals("complete", report.get("status"));
        assertEquals("enabled", device("revived", "old-phone").get("state").s(), "not disabled again right away");
        assertEquals("disabled", device("revived", "control").get("state").s(), "the run did disable a stale device");
        // Disabled 40 days ago, past DeleteAfterDays: had it stayed disabled, this run would have deleted it.
        assertTrue(stored("revived", "DEVICE-TOMBSTONE#old-phone").isEmpty());
    }

    @Test
    void enabling_an_enabled_device_is_NOT_DISABLED_and_changes_nothing() {
        seed("already", "desk", Duration.ofDays(2), Optional.empty());
        Map<String, AttributeValue> before = device("already", "desk");

        assertEquals("NOT_DISABLED", administer("enable-device", "already", "desk").get("result"));

        assertEquals(before, device("already", "desk"));
        assertTrue(activity("already").isEmpty());
    }

    @Test
    void an_unknown_device_is_NO_SUCH_DEVICE_and_writes_nothing() {
        seed("owner", "theirs", Duration.ofDays(120), Optional.of(Duration.ofDays(5)));

        assertEquals("NO_SUCH_DEVICE", administer("enable-device", "someone-else", "theirs").get("result"));
        assertEquals("NO_SUCH_DEVICE", administer("enable-device", "owner", "never-registered").get("result"));

        assertTrue(device("someone-else", "theirs").isEmpty());
        assertTrue(device("owner", "never-registered").isEmpty());
        assertEquals("disabled", device("owner", "theirs").get("state").s());
        assertTrue(activity("someone-else").isEmpty());
        assertTrue(activity("owner").isEmpty());
    }

    @Test
    void malformed_events_are_rejected_naming_why_and_write_nothing() {
        seed("guarded", "tablet", Duration.ofDays(120), Optional.of(Duration.ofDays(5)));
        Map<Map<String, Object>, String> events = Map.of(
                Map.of(), "action",
                Map.of("action", "drop-table", "issuer", issuer.issuer(), "subject", "guarded", "deviceId", "tablet"), "action",
                Map.of("action", "enable-device", "issuer", issuer.issuer(), "deviceId", "tablet"), "subject",
                Map.of("action", "enable-device", "subject", "guarded", "deviceId", "tablet"), "issuer",
                Map.of("action", "enable-device", "issuer", issuer.issuer(), "subject", "guarded"), "deviceId",
                Map.of("action", "enable-device", "issuer", issuer.issuer(), "subject", "guarded", "deviceId", "a#b"), "deviceId",
                Map.of("action", "forget-removed-device", "issuer", issuer.issuer(), "subject", "guarded", "deviceId", 7), "deviceId");
        events.forEach((event, field) -> {
            Map<String, Object> answer = admin.handleRequest(new HashMap<>(event), new TestContext("DeviceAdminFunction", 30_000));
            assertEquals("REJECTED", answer.get("result"), event::toString);
            assertTrue(String.valueOf(answer.get("reason")).contains(field), () -> answer + " should name " + field);
        });
        assertEquals("disabled", device("guarded", "tablet").get("state").s());
        assertTrue(activity("guarded").isEmpty());
    }

    private APIGatewayV2HTTPResponse registerAgain(String subject, String deviceId) {
        APIGatewayV2HTTPEvent event = Events.withToken(Events.load("put-me-device"),
                issuer.token(subject).claim("scope", "openid " + RegisterDeviceHandler.DEFAULT_SCOPE).sign());
        event.setPathParameters(Map.of("deviceId", deviceId));
        event.setBody("{\"displayName\":\"Found phone\",\"operatingSystem\":\"iOS\",\"operatingSystemVersion\":\"18\","
                + "\"trustType\":\"registered\"}");
        return register.handleRequest(event, new TestContext());
    }

    @Test
    void a_removed_device_can_be_registered_again_once_an_administrator_forgets_its_removal() {
        seed("comeback", "found-phone", Duration.ofDays(300), Optional.of(Duration.ofDays(45)));
        assertEquals(1L, runCleanup("removes-it").get("deleted"));
        assertEquals("urn:myprofile:problem:device-removed",
                Responses.problem(registerAgain("comeback", "found-phone"), 409).path("type").asText());
        int entriesBefore = activity("comeback").size();

        assertEquals("FORGOTTEN", administer("forget-removed-device", "comeback", "found-phone").get("result"));

        assertTrue(stored("comeback", "DEVICE-TOMBSTONE#found-phone").isEmpty());
        List<Map<String, AttributeValue>> entries = activity("comeback");
        assertEquals(entriesBefore + 1, entries.size());
        Map<String, AttributeValue> entry = entries.stream()
                .filter(e -> e.get("operation").s().equals("device.unblocked")).findFirst().orElseThrow();
        assertEquals("administrator", entry.get("actor").s());
        assertEquals("found-phone", entry.get("subjectId").s());
        assertEquals(201, registerAgain("comeback", "found-phone").getStatusCode());
        assertEquals("enabled", device("comeback", "found-phone").get("state").s());
    }

    @Test
    void forgetting_a_device_that_was_not_removed_is_NOT_REMOVED_and_writes_nothing() {
        seed("kept", "present", Duration.ofDays(2), Optional.empty());
        assertEquals("NOT_REMOVED", administer("forget-removed-device", "kept", "present").get("result"));
        assertEquals("NOT_REMOVED", administer("forget-removed-device", "kept", "never-there").get("result"));
        // An expired tombstone TTL has not deleted yet no longer refuses the id: nothing to forget.
        env.moto().dynamo().putItem(r -> r.tableName(env.table()).item(Map.of(
                "pk", Items.s(key("kept").partition()), "sk", Items.s("DEVICE-TOMBSTONE#expired"),
                "deviceId", Items.s("expired"), "expiresAt", Items.n(Instant.now().minusSeconds(60).getEpochSecond()))));
        assertEquals("NOT_REMOVED", administer("forget-removed-device", "kept", "expired").get("result"));
        assertFalse(stored("kept", "DEVICE-TOMBSTONE#expired").isEmpty());
        assertTrue(activity("kept").isEmpty());
        assertEquals("enabled", device("kept", "present").get("state").s());
    }

    /** The handler on a client that can cancel transactions or let another writer in first (moto cannot). */
    private DeviceAdminHandler adminOver(FaultyDynamoDb faulty) {
        return new DeviceAdminHandler(Platform.create(new Config(env.settings()), Clock.systemUTC(), faulty));
    }

    private Map<String, Object> administer(DeviceAdminHandler handler, String action, String subject, String deviceId) {
        return handler.handleRequest(new HashMap<>(Map.of("action", action, "issuer", issuer.issuer(), "subject", subject,
                "deviceId", deviceId)), new TestContext("DeviceAdminFunction", 30_000));
    }

    @Test
    void an_enable_that_loses_to_another_change_answers_with_what_is_there_and_writes_one_entry_or_none() {
        seed("raced", "twice", Duration.ofDays(120), Optional.of(Duration.ofDays(5)));
        FaultyDynamoDb faulty = FaultyDynamoDb.over(env.moto().dynamo())
                .aroundNextTransaction(() -> assertEquals("ENABLED", administer("enable-device", "raced", "twice").get("result")), () -> {});
        assertEquals("NOT_DISABLED", administer(adminOver(faulty), "enable-device", "raced", "twice").get("result"));
        assertEquals(1, activity("raced").size(), "one entry, the change that won");

        seed("raced", "deleted", Duration.ofDays(300), Optional.of(Duration.ofDays(45)));
        faulty.aroundNextTransaction(() -> env.moto().dynamo().deleteItem(r -> r.tableName(env.table())
                .key(Items.key(key("raced"), DeviceItems.sortKey("deleted")))), () -> {});
        assertEquals("NO_SUCH_DEVICE", administer(adminOver(faulty), "enable-device", "raced", "deleted").get("result"));
        assertTrue(device("raced", "deleted").isEmpty());
        assertEquals(1, activity("raced").size());
    }

    @Test
    void a_transaction_conflict_is_retried_and_one_that_persists_writes_nothing() {
        seed("contended", "retried", Duration.ofDays(120), Optional.of(Duration.ofDays(5)));
        FaultyDynamoDb faulty = FaultyDynamoDb.over(env.moto().dynamo()).cancelTransactions("TransactionConflict", 2);
        assertEquals("ENABLED", administer(adminOver(faulty), "enable-device", "contended", "retried").get("result"));
        assertEquals(1, activity("contended").size());

        seed("contended", "stuck", Duration.ofDays(120), Optional.of(Duration.ofDays(5)));
        faulty.cancelTransactions("ThrottlingError", 100);
        assertThrows(TransactionCanceledException.class,
                () -> administer(adminOver(faulty), "enable-device", "contended", "stuck"));
        assertEquals("disabled", device("contended", "stuck").get("state").s());
        assertEquals(1, activity("contended").size(), "nothing written for the one that failed");
    }

    @Test
    void the_sample_events_are_valid_commands() {
        Map<String, Object> enable = Events.loadMap("device-admin-enable-device");
        Map<String, Object> forget = Events.loadMap("device-admin-forget-removed-device");
        assertEquals("enable-device", enable.get("action"));
        assertEquals("forget-removed-device", forget.get("action"));
        UserKey sampleUser = UserKey.of((String) enable.get("issuer"), (String) enable.get("subject"));
        String deviceId = (String) enable.get("deviceId");
        Instant now = Instant.now();
        Device disabled = new Device(deviceId, "Old laptop", "Windows", "10", Device.TrustType.JOINED, now.minus(Duration.ofDays(500)),
                now.minus(Duration.ofDays(100)), false, Optional.of(now.minus(Duration.ofDays(3))),
                Optional.of(Device.DisabledBy.USER), 2);
        env.moto().dynamo().putItem(r -> r.tableName(env.table()).item(DeviceItems.item(sampleUser, disabled, false)));
        env.moto().dynamo().transactWriteItems(r -> r.transactItems(DeviceItems.tombstone(env.table(), sampleUser,
                (String) forget.get("deviceId"), now, now.plus(Duration.ofDays(30)))));

        assertEquals("ENABLED", admin.handleRequest(enable, new TestContext("DeviceAdminFunction", 30_000)).get("result"));
        assertEquals("FORGOTTEN", admin.handleRequest(forget, new TestContext("DeviceAdminFunction", 30_000)).get("result"));
    }
}

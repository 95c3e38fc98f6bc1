package dev.myprofile.devices.entrypoints;

import dev.myprofile.devices.model.Device;
import dev.myprofile.devices.store.dynamodb.DeviceItems;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.testkit.CountingProxy;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The EventBridge "Device Sign-In" path: a sign-in older than the stored time by more than the
 * granularity is written; a newer one costs one read and no write. Counted on the wire.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceSignInTest {
    private static final String ISSUER = "https://login.example.com/contoso";
    private TestEnvironment env;
    private CountingProxy proxy;
    private RecordDeviceSignInHandler handler;

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
        proxy = CountingProxy.to(env.moto().endpoint());
        handler = new RecordDeviceSignInHandler(env.platform(
                Map.of("DYNAMODB_ENDPOINT", proxy.endpoint().toString()), Clock.systemUTC()));
    }

    @AfterAll
    void stop() {
        proxy.close();
        env.close();
    }

    @BeforeEach
    void clear() {
        proxy.clear();
    }

    private void seed(String subject, String deviceId, Instant lastActive, boolean enabled) {
        Device device = new Device(deviceId, "D", "iOS", "18", Device.TrustType.REGISTERED, lastActive.minus(Duration.ofDays(9)),
                lastActive, enabled, enabled ? Optional.empty() : Optional.of(lastActive),
                enabled ? Optional.empty() : Optional.of(Device.DisabledBy.USER), 1);
        env.moto().dynamo().putItem(r -> r.tableName(env.table()).item(DeviceItems.item(UserKey.of(ISSUER, subject), device, false)));
    }

    private Map<String, AttributeValue> stored(String subject, String deviceId) {
        return env.moto().dynamo().getItem(r -> r.tableName(env.table()).consistentRead(true)
                .key(Items.key(UserKey.of(ISSUER, subject), DeviceItems.sortKey(deviceId)))).item();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> signIn(String subject, String deviceId, Instant at) {
        Map<String, Object> event = Events.loadMap("device-sign-in");
        Map<String, Object> detail = new HashMap<>((Map<String, Object>) event.get("detail"));
        detail.put("subject", subject);
        detail.put("deviceId", deviceId);
        detail.put("signInTime", at.toString());
        event.put("detail", detail);
        return handler.handleRequest(event, new TestContext());
    }

    @Test
    void a_sign_in_more_than_the_granularity_after_the_stored_time_is_written() {
        Instant stored = Instant.now().minus(Duration.ofHours(2));
        seed("ada", "laptop", stored, true);
        Instant now = Instant.now();
        assertEquals("RECORDED", signIn("ada", "laptop", now).get("result"));
        assertEquals(now.toString(), stored("ada", "laptop").get("lastActiveAt").s());
        assertEquals(now.toString(), stored("ada", "laptop").get("cleanupAt").s(), "the staleness index moves too");
        assertEquals(List.of("GetItem", "UpdateItem"), proxy.operations());
    }

    @Test
    void a_sign_in_within_the_granularity_costs_one_read_and_no_write() {
        Instant stored = Instant.now().minus(Duration.ofMinutes(30));
        seed("busy", "phone", stored, true);
        for (int i = 0; i < 5; i++) {
            assertEquals("ALREADY_FRESH", signIn("busy", "phone", Instant.now()).get("result"));
        }
        assertEquals(stored.toString(), stored("busy", "phone").get("lastActiveAt").s());
        assertEquals(List.of("GetItem", "GetItem", "GetItem", "GetItem", "GetItem"), proxy.operations());
    }

    @Test
    void a_late_event_never_moves_the_time_backwards() {
        Instant stored = Instant.now();
        seed("late", "tablet", stored, true);
        assertEquals("ALREADY_FRESH", signIn("late", "tablet", stored.minus(Duration.ofDays(3))).get("result"));
        assertEquals(stored.toString(), stored("late", "tablet").get("lastActiveAt").s());
    }

    @Test
    void a_disabled_or_unknown_device_is_not_written() {
        Instant old = Instant.now().minus(Duration.ofDays(5));
        seed("off", "disabled-one", old, false);
        assertEquals("NOT_FOUND", signIn("off", "disabled-one", Instant.now()).get("result"));
        assertEquals("NOT_FOUND", signIn("off", "never-registered", Instant.now()).get("result"));
        assertEquals(old.toString(), stored("off", "disabled-one").get("lastActiveAt").s());
        assertEquals(List.of("GetItem", "GetItem"), proxy.operations());
    }

    @Test
    void an_event_from_another_source_is_dropped_without_touching_the_table() {
        Instant old = Instant.now().minus(Duration.ofDays(60));
        seed("spoofed", "stolen", old, true);
        for (Object source : new Object[] {"attacker.tool", "aws.events", null}) {
            Map<String, Object> event = new HashMap<>(Events.loadMap("device-sign-in"));
            @SuppressWarnings("unchecked")
            Map<String, Object> detail = new HashMap<>((Map<String, Object>) event.get("detail"));
            detail.put("subject", "spoofed");
            detail.put("deviceId", "stolen");
            detail.put("signInTime", Instant.now().toString());
            event.put("detail", detail);
            event.put("source", source);
            assertEquals("IGNORED", handler.handleRequest(event, new TestContext()).get("result"), String.valueOf(source));
        }
        assertEquals(old.toString(), stored("spoofed", "stolen").get("lastActiveAt").s());
        assertEquals(List.of(), proxy.operations());
    }

    @Test
    void a_malformed_event_is_dropped_without_touching_the_table() {
        assertEquals("IGNORED", handler.handleRequest(Map.of("detail-type", "Device Sign-In"), new TestContext()).get("result"));
        assertEquals("IGNORED", signIn("x", "bad id!", Instant.now()).get("result"));
        assertEquals(List.of(), proxy.operations());
    }
}

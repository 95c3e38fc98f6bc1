package dev.myprofile.devices.cleanup;

import dev.myprofile.devices.cleanup.entrypoints.CleanupHandler;
import dev.myprofile.devices.cleanup.store.DynamoCleanupStore;
import dev.myprofile.devices.model.Device;
import dev.myprofile.devices.store.dynamodb.DeviceItems;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.platform.Platform;
import dev.myprofile.testkit.CountingProxy;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stale-device cleanup against moto: the right devices change and only they; twice is once; a
 * device that signs in mid-run is kept; a run cut short and resumed ends where one run ends; a dry
 * run changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceCleanupTest {
    private static final String ISSUER = "https://login.example.com/contoso";
    private static final CleanupSettings SETTINGS = new CleanupSettings(Duration.ofDays(90), Duration.ofDays(30), false,
            Duration.ofSeconds(15), 100, Duration.ofDays(365));
    private final Moto moto = Moto.shared();
    private final DynamoDbClient dynamo = moto.dynamo();
    private final List<TestEnvironment> environments = new ArrayList<>();

    @AfterAll
    void stop() {
        environments.forEach(TestEnvironment::close);
    }

    /** Which devices a seeded table holds, and what the cleanup must make of them. */
    private enum Kind { ACTIVE, STALE, RECENTLY_DISABLED, LONG_DISABLED }

    private record Seeded(String subject, String deviceId, Kind kind) {}

    private static UserKey key(String subject) {
        return UserKey.of(ISSUER, subject);
    }

    private void put(String table, String subject, String deviceId, Instant lastActive, Optional<Instant> disabledAt) {
        Device device = new Device(deviceId, "Device " + deviceId, "Windows", "11", Device.TrustType.JOINED,
                lastActive.minus(Duration.ofDays(30)), lastActive, disabledAt.isEmpty(), disabledAt,
                disabledAt.map(t -> Device.DisabledBy.USER), 1);
        dynamo.putItem(r -> r.tableName(table).item(DeviceItems.item(key(subject), device, false)));
    }

    /** Several users, each with active, stale, recently disabled and long-disabled devices. */
    private List<Seeded> seed(String table, int users) {
        Instant now = Instant.now();
        List<Seeded> seeded = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            String subject = "user-" + u;
            for (int d = 0; d < 3; d++) {
                put(table, subject, "active-" + d, now.minus(Duration.ofDays(d * 30L)).minus(Duration.ofHours(1)), Optional.empty());
                seeded.add(new Seeded(subject, "active-" + d, Kind.ACTIVE));
                put(table, subject, "stale-" + d, now.minus(Duration.ofDays(91 + d * 50L)), Optional.empty());
                seeded.add(new Seeded(subject, "stale-" + d, Kind.STALE));
            }
            put(table, subject, "recently-disabled", now.minus(Duration.ofDays(200)), Optional.of(now.minus(Duration.ofDays(10))));
            seeded.add(new Seeded(subject, "recently-disabled", Kind.RECENTLY_DISABLED));
            put(table, subject, "long-disabled", now.minus(Duration.ofDays(300)), Optional.of(now.minus(Duration.ofDays(45))));
            seeded.add(new Seeded(subject, "long-disabled", Kind.LONG_DISABLED));
        }
        return seeded;
    }

    private String newTable() {
        return moto.newTable();
    }

    private DeviceCleanup cleanup(String table) {
        return new DeviceCleanup(new DynamoCleanupStore(dynamo, table), SETTINGS, Clock.systemUTC());
    }

    private Map<String, AttributeValue> device(String table, String subject, String deviceId) {
        return dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Items.key(key(subject), DeviceItems.sortKey(deviceId)))).item();
    }

    /** Every device of the table, by user and id, with the attributes a run may change. */
    private Map<String, String> devices(String table) {
        Map<String, String> all = new TreeMap<>();
        dynamo.scanPaginator(r -> r.tableName(table)).items().forEach(item -> {
            if (item.get("sk").s().startsWith(DeviceItems.PREFIX)) {
                all.put(item.get("pk").s() + "/" + item.get("sk").s(), item.get("state").s() + " by "
                        + Optional.ofNullable(item.get("disabledBy")).map(AttributeValue::s).orElse("-")
                        + " v" + item.get("version").n() + " " + item.get("cleanupShard").s());
            }
        });
        return all;
    }

    private List<Map<String, AttributeValue>> activity(String table, String subject) {
        return dynamo.query(r -> r.tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :a)")
                .expressionAttributeValues(Map.of(":pk", Items.s(key(subject).partition()), ":a", Items.s("ACTIVITY#")))).items();
    }

    @Test
    void exactly_the_stale_devices_are_disabled_and_the_long_disabled_deleted() {
        String table = newTable();
        List<Seeded> seeded = seed(table, 4);

        DeviceCleanup.Report report = cleanup(table).run("run-1", false, false, () -> 600_000);

        assertEquals("complete", report.status());
        assertEquals(12, report.disabled());
        assertEquals(4, report.deleted());
        assertEquals(0, report.skipped());
        assertEquals(16, report.examined(), "only candidates are read");
        for (Seeded s : seeded) {
            Map<String, AttributeValue> item = device(table, s.subject(), s.deviceId());
            switch (s.kind()) {
                case ACTIVE -> assertEquals("enabled", item.get("state").s(), s::toString);
                case STALE -> {
                    assertEquals("disabled", item.get("state").s(), s::toString);
                    assertEquals("cleanup", item.get("disabledBy").s());
                    assertTrue(item.get("cleanupShard").s().startsWith("D#"));
                }
                case RECENTLY_DISABLED -> {
                    assertEquals("disabled", item.get("state").s(), s::toString);
                    assertEquals("user", item.get("disabledBy").s());
                }
                case LONG_DISABLED -> assertTrue(item.isEmpty(), () -> s + " should be deleted");
            }
        }
        for (int u = 0; u < 4; u++) {
            List<Map<String, AttributeValue>> entries = activity(table, "user-" + u);
            assertEquals(4, entries.size(), "three disabled, one deleted");
            assertTrue(entries.stream().allMatch(e -> e.get("actor").s().equals("cleanup")));
            assertTrue(entries.stream().allMatch(e -> e.get("subjectName").s().startsWith("Device ")), "entries name the device");
            assertEquals(3, entries.stream().filter(e -> e.get("operation").s().equals("device.disabled")).count());
            assertEquals(1, entries.stream().filter(e -> e.get("operation").s().equals("device.deleted")).count());
        }
    }

    @Test
    void a_deleted_device_leaves_a_tombstone_that_expires_after_the_configured_time() {
        String table = newTable();
        seed(table, 1);
        Instant before = Instant.now();
        cleanup(table).run("tombstones", false, false, () -> 600_000);
        assertTrue(device(table, "user-0", "long-disabled").isEmpty());
        Map<String, AttributeValue> tombstone = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Items.key(key("user-0"), "DEVICE-TOMBSTONE#long-disabled"))).item();
        assertEquals("long-disabled", tombstone.get("deviceId").s());
        long expiresAt = Long.parseLong(tombstone.get("expiresAt").n());
        assertTrue(expiresAt >= before.plus(Duration.ofDays(365)).getEpochSecond()
                && expiresAt <= Instant.now().plus(Duration.ofDays(365)).getEpochSecond(), "expires a year after deletion");
        assertFalse(tombstone.containsKey("cleanupShard") || tombstone.containsKey("lastActiveAt"), "in no index");
        assertTrue(dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Items.key(key("user-0"), "DEVICE-TOMBSTONE#recently-disabled"))).item().isEmpty(), "only deleted devices");
    }

    @Test
    void a_second_run_changes_nothing() {
        String table = newTable();
        seed(table, 3);
        cleanup(table).run("first", false, false, () -> 600_000);
        Map<String, String> after = devices(table);
        int entries = activity(table, "user-0").size();

        DeviceCleanup.Report second = cleanup(table).run("second", false, false, () -> 600_000);

        assertEquals(0, second.disabled());
        assertEquals(0, second.deleted());
        assertEquals(after, devices(table));
        assertEquals(entries, activity(table, "user-0").size());
    }

    @Test
    void the_same_scheduled_event_delivered_twice_runs_once() {
        String table = newTable();
        seed(table, 1);
        CleanupHandler handler = handler(table, Map.of());
        Map<String, Object> event = Events.loadMap("cleanup-scheduled");
        assertEquals("complete", handler.handleRequest(event, new TestContext("CleanupFunction", 900_000)).get("status"));
        Map<String, String> after = devices(table);
        assertEquals("already-complete", handler.handleRequest(event, new TestContext("CleanupFunction", 900_000)).get("status"));
        assertEquals(after, devices(table));
    }

    @Test
    void a_device_that_signs_in_between_the_read_and_the_write_is_kept() {
        String table = newTable();
        Instant now = Instant.now();
        put(table, "racer", "signs-in-now", now.minus(Duration.ofDays(120)), Optional.empty());
        put(table, "racer", "stays-stale", now.minus(Duration.ofDays(120)), Optional.empty());
        DynamoCleanupStore real = new DynamoCleanupStore(dynamo, table);
        CleanupStore racing = new RacingStore(real, () -> dynamo.updateItem(r -> r.tableName(table)
                .key(Items.key(key("racer"), DeviceItems.sortKey("signs-in-now")))
                .updateExpression("SET lastActiveAt = :now, cleanupAt = :now")
                .expressionAttributeValues(Map.of(":now", Items.s(Instant.now().toString())))));

        DeviceCleanup.Report report = new DeviceCleanup(racing, SETTINGS, Clock.systemUTC()).run("race", false, false, () -> 600_000);

        assertEquals(1, report.disabled());
        assertEquals(1, report.skipped());
        assertEquals("enabled", device(table, "racer", "signs-in-now").get("state").s());
        assertEquals("disabled", device(table, "racer", "stays-stale").get("state").s());
        assertEquals(1, activity(table, "racer").size(), "no entry for the device that was kept");
    }

    @Test
    void a_run_stopped_part_way_and_resumed_ends_as_one_run_does() {
        String whole = newTable();
        String pieces = newTable();
        seed(whole, 3);
        seed(pieces, 3);
        cleanup(whole).run("whole", false, false, () -> 600_000);

        CleanupSettings tiny = new CleanupSettings(Duration.ofDays(90), Duration.ofDays(30), false, Duration.ofSeconds(15), 1,
                Duration.ofDays(365));
        DeviceCleanup slow = new DeviceCleanup(new DynamoCleanupStore(dynamo, pieces), tiny, Clock.systemUTC());
        DeviceCleanup.Report report = slow.run("pieces", false, false, () -> 0);
        int invocations = 1;
        while (!report.status().equals("complete")) {
            assertEquals("checkpointed", report.status());
            report = slow.run("resume-" + invocations, false, true, () -> 0);
            invocations++;
            assertTrue(invocations < 200, "the run must finish");
        }

        assertTrue(invocations > 10, "the tiny time budget really did stop it part-way: " + invocations);
        assertEquals(normalize(devices(whole)), normalize(devices(pieces)));
        assertEquals(9, report.totalDisabled());
        assertEquals(3, report.totalDeleted());
        assertEquals("nothing-to-resume", slow.run("later", false, true, () -> 0).status());
    }

    /** Shards differ between tables only by position; states, actors and versions must match. */
    private static Map<String, String> normalize(Map<String, String> devices) {
        Map<String, String> normalized = new TreeMap<>();
        devices.forEach((k, v) -> normalized.put(k, v.replaceAll(" [ED]#\\d+$", v.contains(" D#") ? " D" : " E")));
        return normalized;
    }

    @Test
    void a_dry_run_reports_and_changes_nothing() {
        String table = newTable();
        seed(table, 2);
        Map<String, String> before = devices(table);

        Map<String, Object> report = handler(table, Map.of()).handleRequest(new HashMap<>(Map.of("dryRun", true)), new TestContext("CleanupFunction", 900_000));

        assertEquals(true, report.get("dryRun"));
        assertEquals(6L, report.get("disabled"), "would disable");
        assertEquals(2L, report.get("deleted"), "would delete");
        assertEquals(before, devices(table));
        assertTrue(activity(table, "user-0").isEmpty());
        assertTrue(dynamo.getItem(r -> r.tableName(table).key(Items.key("CLEANUP", "CHECKPOINT"))).item().isEmpty());
    }

    @Test
    void the_dry_run_setting_of_the_template_also_keeps_every_write_away() {
        String table = newTable();
        seed(table, 1);
        Map<String, String> before = devices(table);
        handler(table, Map.of("CLEANUP_DRY_RUN", "true")).handleRequest(new HashMap<>(), new TestContext("CleanupFunction", 900_000));
        assertEquals(before, devices(table));
    }

    @Test
    void writes_go_in_transactions_of_at_most_25_devices() {
        String table = newTable();
        Instant now = Instant.now();
        List<CleanupStore.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            put(table, "bulk", "d" + i, now.minus(Duration.ofDays(100)), Optional.empty());
            candidates.add(new CleanupStore.Candidate(key("bulk"), "d" + i, "Device d" + i));
        }
        try (CountingProxy proxy = CountingProxy.to(moto.endpoint())) {
            DynamoDbClient counted = DynamoDbClient.builder()
                    .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                    .region(software.amazon.awssdk.regions.Region.of(Moto.REGION))
                    .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY)))
                    .endpointOverride(proxy.endpoint())
                    .build();
            CleanupStore.Outcome outcome = new DynamoCleanupStore(counted, table)
                    .disable(candidates, now.minus(Duration.ofDays(90)), now);
            assertEquals(60, outcome.changed());
            assertEquals(List.of("TransactWriteItems", "TransactWriteItems", "TransactWriteItems"), proxy.operations());
        }
    }

    @Test
    void a_stale_threshold_under_21_days_is_refused() {
        assertThrows(Config.ConfigException.class, () -> new CleanupSettings(Duration.ofDays(20), Duration.ofDays(30),
                false, Duration.ofSeconds(15), 100, Duration.ofDays(365)));
        String table = newTable();
        assertThrows(Config.ConfigException.class, () -> handler(table, Map.of("STALE_AFTER_DAYS", "14")));
    }

    @Test
    void the_report_is_an_embedded_metric_format_line() throws Exception {
        DeviceCleanup.Report report = new DeviceCleanup.Report("r", "complete", false, 10, 3, 2, 1, 10, 3, 2, 1);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                dev.myprofile.devices.cleanup.entrypoints.CleanupHandlerMetrics.line(report));
        var directive = json.path("_aws").path("CloudWatchMetrics").path(0);
        assertEquals("MyProfile", directive.path("Namespace").asText());
        List<String> names = new ArrayList<>();
        directive.path("Metrics").forEach(m -> names.add(m.path("Name").asText()));
        assertEquals(List.of("DevicesExamined", "DevicesDisabled", "DevicesDeleted", "DevicesSkipped"), names);
        assertEquals(10, json.path("DevicesExamined").asInt());
        assertEquals(3, json.path("DevicesDisabled").asInt());
        assertEquals(2, json.path("DevicesDeleted").asInt());
        assertEquals(1, json.path("DevicesSkipped").asInt());
        assertFalse(json.path("_aws").path("Timestamp").isMissingNode());
    }

    private CleanupHandler handler(String table, Map<String, String> overrides) {
        TestEnvironment env = TestEnvironment.create();
        environments.add(env);
        Map<String, String> settings = new HashMap<>(env.settings());
        settings.put("TABLE_NAME", table);
        settings.putAll(overrides);
        return new CleanupHandler(Platform.create(new Config(settings), Clock.systemUTC(), dynamo));
    }

    /** The real store, with a device signing in right after the candidates were read. */
    private static final class RacingStore implements CleanupStore {
        private final CleanupStore real;
        private final Runnable signIn;
        private final AtomicInteger reads = new AtomicInteger();

        RacingStore(CleanupStore real, Runnable signIn) {
            this.real = real;
            this.signIn = signIn;
        }

        @Override
        public CandidatePage candidates(Phase phase, int shard, Instant cutoff, Optional<String> start, int limit) {
            CandidatePage page = real.candidates(phase, shard, cutoff, start, limit);
            if (!page.candidates().isEmpty() && phase == Phase.DISABLE && reads.getAndIncrement() == 0) {
                signIn.run();
            }
            return page;
        }

        @Override public Outcome disable(List<Candidate> c, Instant cutoff, Instant now) { return real.disable(c, cutoff, now); }
        @Override public Outcome delete(List<Candidate> c, Instant cutoff, Instant now, Instant until) {
            return real.delete(c, cutoff, now, until);
        }
        @Override public Optional<Checkpoint> checkpoint() { return real.checkpoint(); }
        @Override public void save(Checkpoint checkpoint) { real.save(checkpoint); }
    }

}

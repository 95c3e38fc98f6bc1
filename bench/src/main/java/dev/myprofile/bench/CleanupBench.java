package dev.myprofile.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myprofile.devices.cleanup.CleanupSettings;
import dev.myprofile.devices.cleanup.DeviceCleanup;
import dev.myprofile.devices.cleanup.store.DynamoCleanupStore;
import dev.myprofile.devices.model.Device;
import dev.myprofile.devices.store.dynamodb.DeviceItems;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.testkit.CountingProxy;
import dev.myprofile.testkit.Moto;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Cleanup read amplification: on a table of N devices of which 1% are stale, how many items does
 * DynamoDB return to the cleanup per device it changes? Counted on the wire (a recording proxy in
 * front of moto: Query "Count", GetItem "Item"), not estimated. Then the same with the active devices
 * doubled: reading through the staleness index, the items read must not grow with them.
 *
 * <p>Two sizes, because moto copies the whole table for every transaction (a 100 000-device table
 * takes it over 30 s per transaction): a real run, writes and all, on a smaller table, and a dry run —
 * the same reads, no writes — on the full-size one.
 *
 * <pre>bench/run-cleanup [full-size devices, default 100000] [real-run devices, default 10000]</pre>
 */
public final class CleanupBench {
    private static final int DEVICES_PER_USER = 10;
    private static final String ISSUER = "https://login.example.com/bench";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Result(String mode, int devices, int stale, long loadMillis, long runMillis, long itemsRead, long changed) {
        double ratio() {
            return changed == 0 ? Double.NaN : (double) itemsRead / changed;
        }
    }

    public static void main(String[] args) throws Exception {
        int fullSize = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int realSize = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Moto moto = Moto.start(Path.of("bench", "target"));
        List<Result> results = new ArrayList<>();
        try {
            for (int[] size : new int[][] {{realSize, 0}, {fullSize, 1}}) {
                int stale = size[0] / 100;
                boolean dry = size[1] == 1;
                Result base = measure(moto, size[0] - stale, stale, dry);
                Result doubled = measure(moto, 2 * (size[0] - stale), stale, dry);
                results.add(base);
                results.add(doubled);
                // Each table is done with; moto keeps every table in memory.
                moto.dynamo().listTablesPaginator().tableNames().forEach(t -> moto.dynamo().deleteTable(r -> r.tableName(t)));
            }
            System.out.println();
            System.out.println("Cleanup read amplification (items DynamoDB returned ÷ devices changed; target ≤ 1.1)");
            System.out.printf("%-8s %10s %8s %10s %10s %11s %9s %7s%n",
                    "run", "devices", "stale", "load s", "run s", "items read", "changed", "ratio");
            results.forEach(CleanupBench::print);
            for (int i = 0; i < results.size(); i += 2) {
                Result base = results.get(i);
                Result doubled = results.get(i + 1);
                System.out.printf("%s run: items read with the active devices doubled (%d → %d devices): %d vs %d (%s)%n",
                        base.mode(), base.devices(), doubled.devices(), doubled.itemsRead(), base.itemsRead(),
                        doubled.itemsRead() == base.itemsRead() ? "unchanged" : "CHANGED");
            }
            System.out.println("(a dry run's \"changed\" is what it would change)");
        } finally {
            moto.stop();
        }
        System.exit(0);
    }

    private static void print(Result r) {
        System.out.printf("%-8s %10d %8d %10.1f %10.1f %11d %9d %7.3f%n", r.mode(), r.devices(), r.stale(),
                r.loadMillis() / 1000.0, r.runMillis() / 1000.0, r.itemsRead(), r.changed(), r.ratio());
    }

    private static Result measure(Moto moto, int active, int stale, boolean dry) throws Exception {
        String table = moto.newTable();
        long loadStart = System.nanoTime();
        load(moto.dynamo(), table, active, stale);
        long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
        System.out.printf("loaded %d devices (%d stale) into %s in %.1f s%n", active + stale, stale, table, loadMillis / 1000.0);

        try (CountingProxy proxy = CountingProxy.to(moto.endpoint())) {
            DynamoDbClient counted = client(proxy.endpoint());
            CleanupSettings settings = new CleanupSettings(Duration.ofDays(90), Duration.ofDays(30), false, Duration.ofSeconds(15), 100,
                    Duration.ofDays(365));
            DeviceCleanup cleanup = new DeviceCleanup(new DynamoCleanupStore(counted, table), settings, Clock.systemUTC());
            long runStart = System.nanoTime();
            DeviceCleanup.Report report = cleanup.run("bench-" + table, dry, false, () -> Long.MAX_VALUE);
            long runMillis = (System.nanoTime() - runStart) / 1_000_000;
            return new Result(dry ? "dry" : "real", active + stale, stale, loadMillis, runMillis, itemsReturned(proxy),
                    report.totalDisabled() + report.totalDeleted());
        }
    }

    /** Items in every answer: a Query's Count, a GetItem's Item (the checkpoint). Writes return none. */
    private static long itemsReturned(CountingProxy proxy) throws Exception {
        List<String> operations = proxy.operations();
        List<String> responses = proxy.responses();
        long items = 0;
        for (int i = 0; i < operations.size(); i++) {
            JsonNode answer = JSON.readTree(responses.get(i).isEmpty() ? "{}" : responses.get(i));
            switch (operations.get(i)) {
                case "Query", "Scan" -> items += answer.path("Count").asLong();
                case "GetItem" -> items += answer.has("Item") ? 1 : 0;
                default -> { }
            }
        }
        return items;
    }

    /** Loads active and stale devices with BatchWriteItem (25 a request, unprocessed items retried), 4 at a time. */
    private static void load(DynamoDbClient dynamo, String table, int active, int stale) throws Exception {
        Instant now = Instant.now();
        List<Map<String, AttributeValue>> items = new ArrayList<>(active + stale);
        for (int i = 0; i < active + stale; i++) {
            boolean isStale = i < stale;
            UserKey user = UserKey.of(ISSUER, "user-" + (i / DEVICES_PER_USER));
            Instant lastActive = isStale ? now.minus(Duration.ofDays(100 + i % 200)) : now.minus(Duration.ofMinutes(i % 80_000));
            Device device = new Device("d" + i, "Device " + i, "Windows", "11", Device.TrustType.JOINED,
                    now.minus(Duration.ofDays(400)), lastActive, true, Optional.empty(), Optional.empty(), 1);
            items.add(DeviceItems.item(user, device, false));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "loader");
            thread.setDaemon(true);
            return thread;
        });
        List<Future<?>> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += 25) {
            List<Map<String, AttributeValue>> batch = items.subList(from, Math.min(items.size(), from + 25));
            batches.add(pool.submit(() -> {
                List<WriteRequest> requests = batch.stream()
                        .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
                        .toList();
                Map<String, List<WriteRequest>> pending = Map.of(table, requests);
                while (!pending.isEmpty()) {
                    Map<String, List<WriteRequest>> send = pending;
                    BatchWriteItemResponse response = dynamo.batchWriteItem(r -> r.requestItems(send));
                    pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                }
                return null;
            }));
        }
        for (Future<?> batch : batches) {
            batch.get();
        }
        pool.shutdown();
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(10)).build())
                .region(Region.of(Moto.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY)))
                .endpointOverride(endpoint)
                .build();
    }
}

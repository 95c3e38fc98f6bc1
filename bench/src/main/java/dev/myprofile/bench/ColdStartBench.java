package dev.myprofile.bench;

import dev.myprofile.profile.model.Profile;
import dev.myprofile.profile.store.ProfileStore;
import dev.myprofile.profile.store.dynamodb.DynamoProfileStore;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.platform.Platform;
import dev.myprofile.testkit.CountingProxy;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.TestIssuer;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cold start of {@code GET /me}: a fresh JVM per run, on exactly the deployed artifacts and the
 * template's JVM flags, timed to the first response — against a baseline that only builds the same
 * DynamoDB client and reads one item. The ratio, not the absolute figure, is what carries over to
 * Lambda: both pay the same JVM start, and this machine's speed cancels out.
 * Argument: runs per program (default 11).
 */
public final class ColdStartBench {
    private static final int DEFAULT_RUNS = 11;
    private static final double TARGET_RATIO = 1.5;

    private ColdStartBench() {}

    public static void main(String[] args) {
        Benchmark.runThenExit(() -> run(args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_RUNS));
    }

    private static void run(int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
        DeployedFunction getMe = DeployedFunction.getMe();
        Path target = getMe.root().resolve("bench/target");
        DeployedArtifacts deployed = DeployedArtifacts.of(getMe, target.resolve("layer"));
        Path benchClasses = benchClasses();

        Moto moto = Moto.start(target);
        try (TestIssuer issuer = TestIssuer.start()) {
            Map<String, String> environment = environment(getMe, issuer, moto, moto.newTable());
            String userKey = seed(environment, issuer);
            ChildJvm jvm = new ChildJvm(List.of("-Xshare:auto"), environment);

            List<Path> handlerClasspath = new ArrayList<>();
            handlerClasspath.add(deployed.functionJar());
            handlerClasspath.addAll(deployed.layerJars());
            handlerClasspath.add(benchClasses);
            List<Path> bareClasspath = new ArrayList<>(deployed.sdkJars());
            bareClasspath.add(benchClasses);
            Program handler = new Program("handler", handlerClasspath, ColdGetMe.class.getName(), "DONE 200",
                    () -> List.of("Bearer " + Fixture.token(issuer, Duration.ofMinutes(10))));
            Program bare = new Program("bare", bareClasspath, ColdBareGetItem.class.getName(), "DONE",
                    () -> List.of(userKey, "PROFILE"));

            System.out.println("== Cold start: GET /me handler vs bare DynamoDB GetItem, fresh JVM per run");
            System.out.println("JDK: " + Machine.jdk() + "; " + Machine.load());
            System.out.println("child JVM: JAVA_TOOL_OPTIONS=\"" + environment.get("JAVA_TOOL_OPTIONS") + "\" (template.yaml) "
                    + String.join(" ", jvm.flags()));
            System.out.printf("handler classpath: %s + %d layer jars; bare classpath: %d SDK jars%n",
                    deployed.functionJar().getFileName(), deployed.layerJars().size(), deployed.sdkJars().size());
            // A container's first request reads the user's sign-out time, then the Overview.
            check(jvm, moto, handler, List.of("GetItem", "BatchGetItem"));
            check(jvm, moto, bare, List.of("GetItem"));
            measure(jvm, handler, bare, runs);
            census(jvm, handler, bare, target);
        } finally {
            moto.stop();
        }
    }

    /** The deployed environment (JAVA_TOOL_OPTIONS among it), plus what Lambda sets itself. */
    static Map<String, String> environment(DeployedFunction getMe, TestIssuer issuer, Moto moto, String table) {
        Map<String, String> environment = getMe.environment(issuer, table);
        environment.put("JAVA_TOOL_OPTIONS", getMe.javaToolOptions());
        environment.put("AWS_REGION", Moto.REGION);
        environment.put("AWS_ACCESS_KEY_ID", Moto.ACCESS_KEY);
        environment.put("AWS_SECRET_ACCESS_KEY", Moto.SECRET_KEY);
        environment.put("DYNAMODB_ENDPOINT", moto.endpoint().toString());
        // The code functions read their key's parameter when built (moto's Parameter Store has none: "not set up").
        environment.put("SSM_ENDPOINT", moto.endpoint().toString());
        return environment;
    }

    /**
     * The user's profile and organization, as a first request would have left them, so each child
     * does the steady-state request (one BatchGetItem). Returns the profile's partition key.
     */
    static String seed(Map<String, String> environment, TestIssuer issuer) {
        Platform platform = Platform.create(new Config(environment), Clock.systemUTC());
        ProfileStore profiles = new DynamoProfileStore(platform.dynamo(), platform.table());
        profiles.putOrganization(Fixture.ORGANIZATION);
        Caller caller = Api.create(platform).tokens()
                .validate(Optional.of("Bearer " + Fixture.token(issuer, Duration.ofMinutes(1))));
        profiles.createIfAbsent(caller.userKey(), Profile.fromClaims(caller, platform.clock().instant()), caller.issuedAt());
        return caller.userKey().partition();
    }

    /** One untimed run through a recording proxy: the child must send exactly the requests expected. */
    private static void check(ChildJvm jvm, Moto moto, Program program, List<String> operations) {
        try (CountingProxy proxy = CountingProxy.to(moto.endpoint())) {
            jvm.withEnvironment("DYNAMODB_ENDPOINT", proxy.endpoint().toString()).run(program);
            if (!proxy.operations().equals(operations)) {
                throw new IllegalStateException(program.name() + " sent " + proxy.operations() + ", expected " + operations);
            }
            System.out.printf("check: %s sends %s (one run through a recording proxy, not timed)%n", program.name(), proxy.operations());
        }
    }

    /** Alternates the two programs, in ABBA order so neither always runs right after the other. */
    private static void measure(ChildJvm jvm, Program handler, Program bare, int runs) {
        List<Double> handlerMs = new ArrayList<>();
        List<Double> bareMs = new ArrayList<>();
        Benchmark.alternate(runs, true, () -> jvm.run(handler), () -> jvm.run(bare), (run, h, b, handlerFirst) -> {
            handlerMs.add(h);
            bareMs.add(b);
            System.out.printf("run %2d  handler %6.0f ms   bare %6.0f ms   (%s first)%n", run, h, b, handlerFirst ? "handler" : "bare");
        });
        double handlerMedian = Stats.median(handlerMs);
        double bareMedian = Stats.median(bareMs);
        double ratio = handlerMedian / bareMedian;
        System.out.printf("median  handler %6.0f ms (min %.0f, max %.0f)   bare %6.0f ms (min %.0f, max %.0f)%n",
                handlerMedian, Stats.min(handlerMs), Stats.max(handlerMs), bareMedian, Stats.min(bareMs), Stats.max(bareMs));
        System.out.printf("ratio handler/bare = %.2f   (target <= %.1f: %s)   %s%n", ratio, TARGET_RATIO,
                ratio <= TARGET_RATIO ? "met" : "NOT met", Machine.load());
    }

    /** One more untimed run of each with class loading logged: where the handler's extra time goes. */
    private static void census(ChildJvm jvm, Program handler, Program bare, Path target) {
        Path handlerLog = target.resolve("classload-handler.txt");
        Path bareLog = target.resolve("classload-bare.txt");
        jvm.run(handler, ClassCensus.logFlag(handlerLog));
        jvm.run(bare, ClassCensus.logFlag(bareLog));
        ClassCensus h = ClassCensus.read(handlerLog);
        ClassCensus b = ClassCensus.read(bareLog);
        System.out.printf("classes loaded (one untimed run each): handler %d (%d from the CDS archive), bare %d (%d from the CDS archive)%n",
                h.total(), h.fromArchive(), b.total(), b.fromArchive());
        System.out.println("packages with the most classes the handler loads beyond the bare program:");
        Set<String> packages = new HashSet<>(h.byPackage().keySet());
        packages.addAll(b.byPackage().keySet());
        packages.stream()
                .sorted(Comparator.comparingInt((String p) -> b.count(p) - h.count(p)).thenComparing(p -> p))
                .limit(15)
                .forEach(p -> System.out.printf("  %+5d  %-55s (handler %d, bare %d)%n", h.count(p) - b.count(p), p, h.count(p), b.count(p)));
        System.out.println("full logs: " + handlerLog + ", " + bareLog);
    }

    /** Where ColdGetMe and ColdBareGetItem were compiled to: the one bench entry on the children's classpath. */
    static Path benchClasses() {
        try {
            return Path.of(ColdStartBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

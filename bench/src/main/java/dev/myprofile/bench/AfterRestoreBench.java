package dev.myprofile.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myprofile.profile.entrypoints.GetMeHandler;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.TestIssuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * The path after a SnapStart restore, and every API function's cold start, on the deployed artifacts
 * (function jar + the layer's jars, the template's environment), a fresh JVM per run:
 *
 * <ol>
 * <li>{@code GET /me} primed — the handler built, the SnapStart hooks run (priming timed on its own),
 *     what a restore does to the network (the idle connections closed), then the first request, then
 *     warm requests in the same JVM — under C1 only and under the full tiered JIT (C1 + C2);</li>
 * <li>{@code GET /me} unprimed — built and answering at once, as without priming;</li>
 * <li>the bare program — a DynamoDB client and one GetItem, nothing else;</li>
 * </ol>
 * rotating their order each round. Printed: medians of the runs, the ratios (primed first request ÷
 * warm request, target ≤ 2; unprimed cold start ÷ bare, target ≤ 1.2), the classes each first request
 * loads, and then every API function of template.yaml started cold beside {@code GET /me}.
 *
 * <p>Every child reads the sign-out time on every request ({@code SIGN_OUT_CACHE_SECONDS=0}), so the
 * first request and the warm ones send the same DynamoDB requests and the ratio is the one-time work.
 *
 * <p>Arguments: runs per variant (default 11), runs per function in the survey (default 3).
 *
 * <p>With {@code BENCH_JDKS} (a comma-separated list of JDK homes, e.g. the JDK on the PATH and
 * Temurin 25) every variant runs on each JDK, all of them rotating in one series, and the report, the
 * census and the survey are printed per JDK: the runtimes compared side by side, under the same load.
 */
public final class AfterRestoreBench {
    private static final int DEFAULT_RUNS = 11;
    private static final int DEFAULT_SURVEY_RUNS = 3;
    private static final int WARM_REQUESTS = 40;
    static final String C1_ONLY = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    static final String FULL_TIERED = "-XX:+TieredCompilation -XX:TieredStopAtLevel=4";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AfterRestoreBench() {}

    public static void main(String[] args) {
        Benchmark.runThenExit(() -> run(args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_RUNS,
                args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_SURVEY_RUNS));
    }

    private static void run(int runs, int surveyRuns) {
        DeployedFunction getMe = DeployedFunction.getMe();
        Path target = getMe.root().resolve("bench/target");
        DeployedArtifacts deployed = DeployedArtifacts.of(getMe, target.resolve("layer"));
        Path benchClasses = ColdStartBench.benchClasses();

        Moto moto = Moto.start(target);
        try (TestIssuer issuer = TestIssuer.start()) {
            String table = moto.newTable();
            Map<String, String> environment = ColdStartBench.environment(getMe, issuer, moto, table);
            environment.put("SIGN_OUT_CACHE_SECONDS", "0");
            String userKey = ColdStartBench.seed(environment, issuer);
            List<String> flags = List.of("-Xshare:auto", "--add-opens=java.base/sun.net.www.http=ALL-UNNAMED");
            ChildJvm c1 = new ChildJvm(flags, environment).withEnvironment("JAVA_TOOL_OPTIONS", C1_ONLY);
            ChildJvm tiered = c1.withEnvironment("JAVA_TOOL_OPTIONS", FULL_TIERED);
            ChildJvm deployedFlags = new ChildJvm(flags, environment);

            Supplier<List<String>> token = () -> List.of("Bearer " + Fixture.token(issuer, Duration.ofMinutes(10)));
            List<Path> handlerClasspath = classpath(deployed, benchClasses);
            List<Path> bareClasspath = new ArrayList<>(deployed.sdkJars());
            bareClasspath.add(benchClasses);
            Program primed = new Program("primed", handlerClasspath, ColdFunction.class.getName(), "DONE",
                    () -> arguments("primed", WARM_REQUESTS, GetMeHandler.class.getName(), meEvent(), token.get().get(0)));
            Program cold = new Program("unprimed", handlerClasspath, ColdFunction.class.getName(), "DONE",
                    () -> arguments("cold", 0, GetMeHandler.class.getName(), meEvent(), token.get().get(0)));
            Program bare = new Program("bare", bareClasspath, ColdBareGetItem.class.getName(), "DONE",
                    () -> List.of(userKey, "PROFILE"));

            System.out.println("== After a SnapStart restore: GET /me primed (C1 only / full tiered), unprimed, and the bare GetItem; fresh JVM per run");
            System.out.println("JDK: " + Machine.jdk() + "; " + Machine.load() + "; " + Instant.now());
            System.out.println("template.yaml's JAVA_TOOL_OPTIONS: \"" + getMe.javaToolOptions() + "\"; the unprimed and bare children run with them");
            System.out.printf("handler classpath: %s + %d layer jars; bare classpath: %d SDK jars; %d warm requests per primed child%n",
                    deployed.functionJar().getFileName(), deployed.layerJars().size(), deployed.sdkJars().size(), WARM_REQUESTS);

            List<Path> jdks = jdks();
            Map<String, List<ChildJvm.Result>> results = new LinkedHashMap<>();
            List<Variant> variants = new ArrayList<>();
            for (Path jdk : jdks) {
                String on = label(jdks, jdk);
                variants.add(new Variant(on + "primed C1", c1.on(jdk), primed));
                variants.add(new Variant(on + "primed C1+C2", tiered.on(jdk), primed));
                variants.add(new Variant(on + "unprimed", deployedFlags.on(jdk), cold));
                variants.add(new Variant(on + "bare", deployedFlags.on(jdk), bare));
            }
            if (jdks.size() > 1) {
                System.out.println("JDKs (children; each variant on each, rotating in one series): "
                        + jdks.stream().map(j -> label(jdks, j) + "= " + j).toList());
            }
            variants.forEach(v -> results.put(v.name(), new ArrayList<>()));
            for (int run = 1; run <= runs; run++) {
                StringJoiner line = new StringJoiner("  ", String.format("run %2d  ", run), "");
                for (int i = 0; i < variants.size(); i++) {
                    Variant v = variants.get((i + run - 1) % variants.size());
                    ChildJvm.Result r = v.jvm().result(v.program());
                    results.get(v.name()).add(r);
                }
                for (Variant v : variants) {
                    ChildJvm.Result r = results.get(v.name()).get(run - 1);
                    line.add(v.name().endsWith("bare") ? String.format("%s %4.0f ms", v.name(), r.nanos() / 1e6)
                            : v.name().endsWith("unprimed") ? String.format("%s %4.0f ms (first request %5.1f)", v.name(), r.nanos() / 1e6, r.value("firstMs"))
                            : String.format("%s prime %4.0f first %5.1f warm %4.1f", v.name(), r.value("primeMs"), r.value("firstMs"), r.value("warmMs")));
                }
                System.out.println(line);
            }
            for (Path jdk : jdks) {
                report(results, label(jdks, jdk));
            }
            for (Path jdk : jdks) {
                census(c1.on(jdk), primed, deployedFlags.on(jdk), cold, bare, target, label(jdks, jdk));
            }
            for (Path jdk : jdks) {
                survey(issuer, moto, table, benchClasses, target, surveyRuns, jdk, label(jdks, jdk));
            }
        } finally {
            moto.stop();
        }
    }

    private record Variant(String name, ChildJvm jvm, Program program) {}

    /** The children's JDKs: {@code BENCH_JDKS} (homes, comma-separated), else this JVM's. */
    private static List<Path> jdks() {
        String listed = System.getenv("BENCH_JDKS");
        if (listed == null || listed.isBlank()) {
            return List.of(Path.of(System.getProperty("java.home")));
        }
        List<Path> homes = new ArrayList<>();
        for (String home : listed.split(",")) {
            if (!home.isBlank()) {
                homes.add(Path.of(home.trim()));
            }
        }
        return homes;
    }

    /** "" with one JDK (the figures as before), else "java25 " etc. */
    private static String label(List<Path> jdks, Path jdk) {
        return jdks.size() == 1 ? "" : "java" + ChildJvm.release(jdk) + " ";
    }

    private static void report(Map<String, List<ChildJvm.Result>> all, String on) {
        Map<String, List<ChildJvm.Result>> results = new HashMap<>();
        all.forEach((name, r) -> {
            if (name.startsWith(on)) {
                results.put(name.substring(on.length()), r);
            }
        });
        System.out.println();
        System.out.println(on + "medians, ms (" + Machine.load() + "):");
        for (String name : List.of("primed C1", "primed C1+C2")) {
            List<ChildJvm.Result> r = results.get(name);
            double prime = median(r, "primeMs");
            double first = median(r, "firstMs");
            double firstCpu = median(r, "firstCpuMs");
            double warm = median(r, "warmMs");
            double warmCpu = median(r, "warmCpuMs");
            System.out.printf("  %-13s priming %6.1f (before the snapshot)   first request after restore %6.1f (CPU %5.1f)   warm request %5.1f (CPU %4.1f)%n",
                    name, prime, first, firstCpu, warm, warmCpu);
            System.out.printf("  %-13s first ÷ warm = %.2f (target <= 2.0: %s); by thread CPU %.2f%n", name, first / warm,
                    first / warm <= 2.0 ? "met" : "NOT met", firstCpu / warmCpu);
        }
        double coldTotal = Stats.median(nanos(results.get("unprimed")));
        double bareTotal = Stats.median(nanos(results.get("bare")));
        double coldFirst = median(results.get("unprimed"), "firstMs");
        double primedFirst = median(results.get("primed C1"), "firstMs");
        System.out.printf("  unprimed      JVM start to first response %6.0f (the first request alone %6.1f)%n", coldTotal, coldFirst);
        System.out.printf("  bare GetItem  JVM start to its answer     %6.0f%n", bareTotal);
        System.out.printf("%sratio unprimed cold GET /me ÷ bare GetItem = %.2f   (target <= 1.2: %s)%n", on, coldTotal / bareTotal,
                coldTotal / bareTotal <= 1.2 ? "met" : "NOT met");
        System.out.printf("%sratio first request unprimed ÷ primed (C1) = %.1f   (what priming takes off the user's path: %.0f ms)%n",
                on, coldFirst / primedFirst, coldFirst - primedFirst);
        System.out.printf("%sJIT: primed first request C1+C2 ÷ C1 = %.2f; warm request C1+C2 ÷ C1 = %.2f (by CPU %.2f)   %s%n",
                on, median(results.get("primed C1+C2"), "firstMs") / primedFirst,
                median(results.get("primed C1+C2"), "warmMs") / median(results.get("primed C1"), "warmMs"),
                median(results.get("primed C1+C2"), "warmCpuMs") / median(results.get("primed C1"), "warmCpuMs"), Machine.load());
    }

    /**
     * One more untimed run of each with class loading logged (counts are exact, unlike times): what the
     * unprimed handler loads beyond the bare program, and what the first request after priming still loads.
     */
    private static void census(ChildJvm c1, Program primed, ChildJvm deployedFlags, Program cold, Program bare, Path target, String on) {
        String suffix = on.isEmpty() ? "" : "-" + on.trim();
        Path primedLog = target.resolve("classload-primed" + suffix + ".txt");
        Path coldLog = target.resolve("classload-unprimed" + suffix + ".txt");
        Path bareLog = target.resolve("classload-bare" + suffix + ".txt");
        c1.result(primed, ClassCensus.logFlag(primedLog));
        deployedFlags.result(cold, ClassCensus.logFlag(coldLog));
        deployedFlags.result(bare, ClassCensus.logFlag(bareLog));
        ClassCensus p = ClassCensus.read(primedLog);
        ClassCensus h = ClassCensus.read(coldLog);
        ClassCensus b = ClassCensus.read(bareLog);
        ClassCensus firstRequest = ClassCensus.between(primedLog, ColdFunction.FirstRequestStarts.class.getName(),
                ColdFunction.FirstRequestEnds.class.getName());
        System.out.println();
        System.out.printf("%sclasses loaded: unprimed handler %d, bare %d, primed child %d, of which by its first request after restore %d%n",
                on, h.total(), b.total(), p.total(), firstRequest.total());
        System.out.println("packages with the most classes the unprimed handler loads beyond the bare program:");
        top(h, b, 12);
        System.out.println("packages of the classes the first request after priming still loads:");
        firstRequest.byPackage().entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(12)
                .forEach(e -> System.out.printf("  %5d  %s%n", e.getValue(), e.getKey()));
        System.out.println("full logs: " + primedLog + ", " + coldLog + ", " + bareLog);
    }

    private static void top(ClassCensus h, ClassCensus b, int limit) {
        Set<String> packages = new HashSet<>(h.byPackage().keySet());
        packages.addAll(b.byPackage().keySet());
        packages.stream()
                .sorted(Comparator.comparingInt((String p) -> b.count(p) - h.count(p)).thenComparing(p -> p))
                .limit(limit)
                .forEach(p -> System.out.printf("  %+5d  %-55s (handler %d, bare %d)%n", h.count(p) - b.count(p), p, h.count(p), b.count(p)));
    }

    /**
     * Every API function of template.yaml, started cold (unprimed, its deployed artifact and
     * environment, one sample event from events/ for its route), beside GET /me: a page that pulls a
     * heavy library shows up in its ratio. Each function acts for a user of its own.
     */
    private static void survey(TestIssuer issuer, Moto moto, String table, Path benchClasses, Path target, int runs,
                               Path jdk, String on) {
        if (runs < 1) {
            return;
        }
        Map<String, Path> events = new HashMap<>();
        for (Path file : Events.all()) {
            events.putIfAbsent(read(file).path("routeKey").asText(), file);
        }
        List<DeployedFunction> functions = DeployedFunction.apiFunctions();
        System.out.println();
        System.out.printf("== %sEvery API function of template.yaml (%d), cold (unprimed), fresh JVM, median of %d runs each; %s%n",
                on, functions.size(), runs, Machine.load());
        DeployedFunction getMe = DeployedFunction.getMe();
        List<Double> meMs = new ArrayList<>();
        Program me = surveyProgram(getMe, events, issuer, benchClasses, target, "survey-" + on.trim() + "me");
        ChildJvm meJvm = surveyJvm(getMe, issuer, moto, table).on(jdk);
        for (int i = 0; i < runs; i++) {
            meMs.add(meJvm.result(me).nanos() / 1e6);
        }
        List<String> lines = new ArrayList<>();
        for (DeployedFunction function : functions) {
            Program program = surveyProgram(function, events, issuer, benchClasses, target, "survey-" + on.trim() + function.function().logicalId());
            ChildJvm jvm = surveyJvm(function, issuer, moto, table).on(jdk);
            List<Double> ms = new ArrayList<>();
            String status = "";
            for (int i = 0; i < runs; i++) {
                ChildJvm.Result r = jvm.result(program);
                ms.add(r.nanos() / 1e6);
                status = String.valueOf((int) r.value("status"));
            }
            lines.add(String.format("%-36s %-48s %s %6.0f", function.function().logicalId(),
                    function.function().routes().get(0).routeKey(), status, Stats.median(ms)));
        }
        // GET /me again at the end, so a drift in the machine's load shows in its own figures.
        for (int i = 0; i < runs; i++) {
            meMs.add(meJvm.result(me).nanos() / 1e6);
        }
        double meMedian = Stats.median(meMs);
        System.out.printf("GET /me (the baseline, %d runs before and after): %.0f ms%n", runs, meMedian);
        System.out.printf("%-36s %-48s %s %6s  %s%n", "function", "route", "status", "ms", "÷ GET /me");
        for (String line : lines) {
            double ms = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            System.out.printf("%s  %.2f%n", line, ms / meMedian);
        }
        System.out.println("(status: the sample event's answer for a user with no data; a 4xx takes a shorter path than a success)   " + Machine.load());
    }

    private static ChildJvm surveyJvm(DeployedFunction function, TestIssuer issuer, Moto moto, String table) {
        Map<String, String> environment = ColdStartBench.environment(function, issuer, moto, table);
        return new ChildJvm(List.of("-Xshare:auto"), environment);
    }

    private static Program surveyProgram(DeployedFunction function, Map<String, Path> events, TestIssuer issuer,
                                         Path benchClasses, Path target, String subject) {
        String routeKey = function.function().routes().get(0).routeKey();
        Path file = events.get(routeKey);
        if (file == null) {
            throw new IllegalStateException("events/ has no sample for " + routeKey);
        }
        JsonNode event = read(file);
        DeployedArtifacts artifacts = DeployedArtifacts.of(function, target.resolve("layer"));
        return new Program(function.function().logicalId(), classpath(artifacts, benchClasses), ColdFunction.class.getName(), "DONE",
                () -> arguments("cold", 0, function.function().handlerClass(), event,
                        "Bearer " + issuer.token(subject).claim("auth_time", Instant.now()).sign()));
    }

    private static JsonNode meEvent() {
        return read(Events.folder().resolve("get-me.json"));
    }

    static List<String> arguments(String mode, int warm, String handler, JsonNode event, String authorization) {
        StringJoiner path = new StringJoiner(";");
        event.path("pathParameters").fields().forEachRemaining(e -> path.add(e.getKey() + "=" + e.getValue().asText()));
        JsonNode body = event.path("body");
        return List.of(mode, Integer.toString(warm), handler, event.path("routeKey").asText(),
                event.path("requestContext").path("http").path("method").asText(), event.path("rawPath").asText(),
                path.toString(), event.path("rawQueryString").asText(""), body.isMissingNode() || body.isNull() ? "" : body.asText(),
                authorization);
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A child's classpath: the function's jar, the layer's jars and the benchmarks' own classes. */
    static List<Path> classpath(DeployedArtifacts artifacts, Path benchClasses) {
        List<Path> classpath = new ArrayList<>();
        classpath.add(artifacts.functionJar());
        classpath.addAll(artifacts.layerJars());
        classpath.add(benchClasses);
        return classpath;
    }

    private static double median(List<ChildJvm.Result> results, String name) {
        return Stats.median(results.stream().map(r -> r.value(name)).toList());
    }

    private static List<Double> nanos(List<ChildJvm.Result> results) {
        return results.stream().map(r -> r.nanos() / 1e6).toList();
    }
}

package dev.myprofile.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.Project;
import dev.myprofile.testkit.SamTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The first request after a SnapStart restore of the four code routes (send and check a code for a
 * phone and an email), beside {@code GET /me}'s, for two builds of the project side by side in one
 * series: this checkout and another one (e.g. the code before a change), each on its own deployed
 * artifacts and template. Each child is built as the runtime builds it, primed (the SnapStart hooks),
 * its idle connections closed as a restore closes them, then answers one request of a user of its
 * own, signed in at moto's Cognito just now (step-up): a code sent (202, SNS or SES at moto) or a
 * code checked (400: none was sent). What a build leaves to that first request (say, building
 * clients after the snapshot) shows in its first request ÷ {@code GET /me}'s, same build.
 *
 * <p>Arguments: the other checkout's root (built with {@code mvn -q -B -DskipTests package}), runs
 * per variant (default 7).
 */
public final class CodeRoutesBench {
    private static final List<String> ROUTES = List.of("POST /me/security-info/phone", "POST /me/security-info/phone/verify",
            "POST /me/security-info/email", "POST /me/security-info/email/verify");
    private static final String SENDER = "no-reply@contoso.example";
    private static final AtomicInteger USERS = new AtomicInteger();

    private CodeRoutesBench() {}

    public static void main(String[] args) {
        Benchmark.runThenExit(() -> run(Path.of(args[0]).toAbsolutePath().normalize(), args.length > 1 ? Integer.parseInt(args[1]) : 7));
    }

    private record Variant(String name, String route, ChildJvm jvm, Program program) {}

    private static void run(Path other, int runs) {
        Path here = Project.root();
        Path target = here.resolve("bench/target");
        Path benchClasses = ColdStartBench.benchClasses();
        Map<String, Path> events = new LinkedHashMap<>();
        for (Path file : Events.all()) {
            events.putIfAbsent(AfterRestoreBench.read(file).path("routeKey").asText(), file);
        }
        Moto moto = Moto.start(target);
        try (CognitoFixture pool = new CognitoFixture(moto)) {
            allowSender(moto);
            List<Variant> variants = new ArrayList<>();
            Map<String, Path> builds = new LinkedHashMap<>();
            builds.put("other", other);
            builds.put("this", here);
            for (Map.Entry<String, Path> build : builds.entrySet()) {
                SamTemplate template = SamTemplate.load(build.getValue().resolve("template.yaml"));
                String table = moto.newTable();
                Map<String, String> references = pool.references(template.tableLogicalId(), table);
                references.put("NotificationSender", SENDER);
                List<String> routes = new ArrayList<>(ROUTES);
                routes.add(0, "GET /me");
                for (String route : routes) {
                    SamTemplate.Function function = template.functions().stream()
                            .filter(f -> f.routes().stream().anyMatch(r -> r.routeKey().equals(route))).findFirst().orElseThrow();
                    DeployedFunction deployed = new DeployedFunction(build.getValue(), template, function);
                    Map<String, String> environment = deployed.environment(references);
                    environment.putAll(pool.local(deployed.javaToolOptions()));
                    environment.put("SIGN_OUT_CACHE_SECONDS", "0");
                    if (environment.containsKey("VERIFICATION_CODE_KEY_PARAMETER")) {
                        Moto.putSecureParameter(moto.endpoint(), environment.get("VERIFICATION_CODE_KEY_PARAMETER"),
                                "a-bench-key-of-32-bytes-or-more-0123456789");
                    }
                    DeployedArtifacts artifacts = DeployedArtifacts.of(deployed,
                            target.resolve("layer-" + build.getKey() + "-" + function.logicalId()));
                    List<Path> classpath = AfterRestoreBench.classpath(artifacts, benchClasses);
                    JsonNode sample = AfterRestoreBench.read(events.get(route));
                    Program program = new Program(build.getKey() + " " + route, classpath, ColdFunction.class.getName(), "DONE",
                            () -> arguments(function.handlerClass(), sample, pool));
                    ChildJvm jvm = new ChildJvm(List.of("-Xshare:auto", "--add-opens=java.base/sun.net.www.http=ALL-UNNAMED"), environment);
                    variants.add(new Variant(build.getKey() + " " + route, route, jvm, program));
                }
            }

            System.out.println("== The first request after a SnapStart restore (primed), the four code routes beside GET /me, two builds in one series");
            System.out.println("other build: " + other + "; this build: " + here);
            System.out.println("JDK: " + Machine.jdk() + "; " + Machine.load() + "; " + Instant.now());
            Map<String, List<ChildJvm.Result>> results = new LinkedHashMap<>();
            variants.forEach(v -> results.put(v.name(), new ArrayList<>()));
            for (int run = 1; run <= runs; run++) {
                StringJoiner line = new StringJoiner("  ", String.format("run %2d  ", run), "");
                for (int i = 0; i < variants.size(); i++) {
                    Variant v = variants.get((i + run - 1) % variants.size());
                    results.get(v.name()).add(v.jvm().result(v.program()));
                }
                for (Variant v : variants) {
                    ChildJvm.Result r = results.get(v.name()).get(run - 1);
                    line.add(String.format("%s %.1f", v.name().replace("/me/security-info", ""), r.value("firstMs")));
                }
                System.out.println(line);
            }
            System.out.println();
            System.out.printf("medians of %d, ms (%s):%n", runs, Machine.load());
            System.out.printf("%-40s %6s %-22s %-22s %s%n", "route", "status", "other: first (÷ GET /me)", "this: first (÷ GET /me)", "this ÷ other");
            double otherMe = median(results.get("other GET /me"));
            double thisMe = median(results.get("this GET /me"));
            for (String route : variants.stream().map(Variant::route).distinct().toList()) {
                double o = median(results.get("other " + route));
                double t = median(results.get("this " + route));
                String status = (int) results.get("other " + route).get(0).value("status") + "/" + (int) results.get("this " + route).get(0).value("status");
                System.out.printf("%-40s %6s %7.1f (%4.2f)         %7.1f (%4.2f)         %.2f%n", route, status, o, o / otherMe, t, t / thisMe,
                        (t / thisMe) / (o / otherMe));
            }
            System.out.println("(status: other/this; the code routes' first request: 202 a code sent, 400 a code checked with none sent)   " + Machine.load());
        } finally {
            moto.stop();
        }
    }

    /** The sample event with a destination of its own (the per-destination limit), for a new user signed in just now. */
    private static List<String> arguments(String handler, JsonNode sample, CognitoFixture pool) {
        int n = USERS.incrementAndGet();
        String email = "bench-" + ProcessHandle.current().pid() + "-" + n + "@contoso.example";
        pool.createUser(email);
        ObjectNode event = sample.deepCopy();
        String route = sample.path("routeKey").asText();
        if (route.endsWith("/phone")) {
            event.put("body", "{\"phoneNumber\": \"+4670" + String.format("%07d", n) + "\"}");
        } else if (route.endsWith("/email")) {
            event.put("body", "{\"email\": \"new-" + n + "@contoso.example\"}");
        }
        return AfterRestoreBench.arguments("primed", 0, handler, event, "Bearer " + pool.accessToken(email));
    }

    private static double median(List<ChildJvm.Result> results) {
        return Stats.median(results.stream().map(r -> r.value("firstMs")).toList());
    }

    private static void allowSender(Moto moto) {
        try (SesV2Client ses = SesV2Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(Moto.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY)))
                .endpointOverride(moto.endpoint()).build()) {
            ses.createEmailIdentity(r -> r.emailIdentity(SENDER));
        }
    }
}

package dev.myprofile.bench;

import dev.myprofile.testkit.CountingProxy;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.TestIssuer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What X-Ray tracing (template.yaml's {@code Tracing} parameter) costs a cold {@code GET /me} inside
 * our process: the same deployed artifacts and flags as {@link ColdStartBench}, a fresh JVM per run,
 * once with the environment of an untraced function and once with what Lambda adds for a traced one
 * (the trace header of the invocation, the daemon's address). Tracing is Lambda-managed: no X-Ray
 * library is in our artifacts (checked here), so the only code of ours that changes is the AWS SDK's
 * own interceptor copying the trace id onto each DynamoDB request (checked on the wire). The segments
 * Lambda sends to X-Ray are sent by the runtime outside our process; no figure here includes them.
 * Argument: runs per variant (default 11).
 */
public final class ColdTracingBench {
    private static final int DEFAULT_RUNS = 11;
    private static final String TRACE_ROOT = "Root=1-6749f0c4-5c1bd3a4f0e1d2c3b4a59687";
    /** What Lambda puts in the environment of a function with active tracing, for one invocation. */
    private static final Map<String, String> TRACED = Map.of(
            "_X_AMZN_TRACE_ID", TRACE_ROOT + ";Parent=53995c3f42cd8ad8;Sampled=1",
            "AWS_XRAY_DAEMON_ADDRESS", "169.254.79.129:2000",
            "AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");

    private ColdTracingBench() {}

    public static void main(String[] args) {
        Benchmark.runThenExit(() -> run(args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_RUNS));
    }

    private static void run(int runs) {
        DeployedFunction getMe = DeployedFunction.getMe();
        Path target = getMe.root().resolve("bench/target");
        DeployedArtifacts deployed = DeployedArtifacts.of(getMe, target.resolve("layer"));
        List<Path> classpath = new ArrayList<>();
        classpath.add(deployed.functionJar());
        classpath.addAll(deployed.layerJars());
        List<String> xray = classpath.stream().map(p -> p.getFileName().toString())
                .filter(name -> name.toLowerCase().contains("xray") || name.toLowerCase().contains("x-ray")).toList();
        if (!xray.isEmpty()) {
            throw new IllegalStateException("an X-Ray library is deployed; measure it: " + xray);
        }
        classpath.add(ColdStartBench.benchClasses());

        Moto moto = Moto.start(target);
        try (TestIssuer issuer = TestIssuer.start()) {
            Map<String, String> untracedEnvironment = ColdStartBench.environment(getMe, issuer, moto, moto.newTable());
            ColdStartBench.seed(untracedEnvironment, issuer);
            untracedEnvironment.put("AWS_LAMBDA_FUNCTION_NAME", "GetMeFunction");
            Map<String, String> tracedEnvironment = new HashMap<>(untracedEnvironment);
            tracedEnvironment.putAll(TRACED);
            ChildJvm untraced = new ChildJvm(List.of("-Xshare:auto"), untracedEnvironment);
            ChildJvm traced = new ChildJvm(List.of("-Xshare:auto"), tracedEnvironment);
            Program handler = new Program("handler", classpath, ColdGetMe.class.getName(), "DONE 200",
                    () -> List.of("Bearer " + Fixture.token(issuer, Duration.ofMinutes(10))));

            System.out.println("== Cold start: GET /me untraced vs traced (Tracing: Active), fresh JVM per run");
            System.out.println("JDK: " + Machine.jdk() + "; " + Machine.load());
            System.out.println("X-Ray libraries in the deployed artifacts: none (" + (classpath.size() - 1) + " jars checked)");
            System.out.println("check: untraced sends " + trace(untraced, moto, handler, false));
            System.out.println("check: traced sends " + trace(traced, moto, handler, true));

            List<Double> untracedMs = new ArrayList<>();
            List<Double> tracedMs = new ArrayList<>();
            Benchmark.alternate(runs, false, () -> traced.run(handler), () -> untraced.run(handler), (run, t, u, tracedFirst) -> {
                tracedMs.add(t);
                untracedMs.add(u);
                System.out.printf("run %2d  untraced %6.0f ms   traced %6.0f ms   (%s first)%n", run, u, t, tracedFirst ? "traced" : "untraced");
            });
            double u = Stats.median(untracedMs);
            double t = Stats.median(tracedMs);
            System.out.printf("median  untraced %6.0f ms (min %.0f, max %.0f)   traced %6.0f ms (min %.0f, max %.0f)%n",
                    u, Stats.min(untracedMs), Stats.max(untracedMs), t, Stats.min(tracedMs), Stats.max(tracedMs));
            System.out.printf("ratio traced/untraced = %.3f   %s%n", t / u, Machine.load());
            System.out.println("not included: the Lambda runtime's own segment reporting, outside the function's process");
        } finally {
            moto.stop();
        }
    }

    /** One untimed run through a recording proxy: which requests carry the invocation's trace id. */
    private static String trace(ChildJvm jvm, Moto moto, Program handler, boolean expectTraced) {
        try (CountingProxy proxy = CountingProxy.to(moto.endpoint())) {
            jvm.withEnvironment("DYNAMODB_ENDPOINT", proxy.endpoint().toString()).run(handler);
            List<String> headers = proxy.traceHeaders();
            boolean allTraced = !headers.isEmpty() && headers.stream().allMatch(h -> h.startsWith(TRACE_ROOT));
            boolean noneTraced = headers.stream().allMatch(String::isEmpty);
            if (expectTraced ? !allTraced : !noneTraced) {
                throw new IllegalStateException("unexpected X-Amzn-Trace-Id headers " + headers + " on " + proxy.operations());
            }
            return proxy.operations() + (expectTraced ? ", each with X-Amzn-Trace-Id " + TRACE_ROOT + ";…" : ", no trace header");
        }
    }
}

package dev.myprofile.bench;

import dev.myprofile.profile.entrypoints.GetMeHandler;
import dev.myprofile.securityinfo.entrypoints.GetSecurityInfoHandler;
import dev.myprofile.testkit.CountingProxy;
import dev.myprofile.testkit.Moto;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cold start of {@code GET /me/security-info} beside {@code GET /me}, in the same run: a fresh JVM per
 * request, each on its deployed artifact (security-info.jar carries the Cognito and SES clients and
 * ZXing; profile.jar only its own classes) and the layer, both signed in with the same Cognito access
 * token from moto's pool, both with the template's environment for a pool it creates. The figure is
 * the ratio of the medians, security info / GET /me; target <= 1.3.
 * Argument: runs per program (default 11).
 */
public final class SecurityInfoColdStartBench {
    private static final int DEFAULT_RUNS = 11;
    private static final double TARGET_RATIO = 1.3;
    private static final String EMAIL = "bench@contoso.example";

    private SecurityInfoColdStartBench() {}

    public static void main(String[] args) {
        Benchmark.runThenExit(() -> run(args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_RUNS));
    }

    private static void run(int runs) {
        DeployedFunction getMe = DeployedFunction.of(GetMeHandler.class);
        DeployedFunction securityInfo = DeployedFunction.of(GetSecurityInfoHandler.class);
        Path target = getMe.root().resolve("bench/target");
        DeployedArtifacts meArtifacts = DeployedArtifacts.of(getMe, target.resolve("layer"));
        DeployedArtifacts infoArtifacts = DeployedArtifacts.of(securityInfo, target.resolve("layer"));
        Path benchClasses = ColdStartBench.benchClasses();

        Moto moto = Moto.start(target);
        try (CognitoFixture pool = new CognitoFixture(moto)) {
            pool.createUser(EMAIL);
            Map<String, String> references = pool.references(getMe.template().tableLogicalId(), moto.newTable());
            Map<String, String> local = pool.local(getMe.javaToolOptions());

            Map<String, String> meEnvironment = getMe.environment(references);
            meEnvironment.putAll(local);
            Map<String, String> infoEnvironment = securityInfo.environment(references);
            infoEnvironment.putAll(local);
            ChildJvm meJvm = new ChildJvm(List.of("-Xshare:auto"), meEnvironment);
            ChildJvm infoJvm = new ChildJvm(List.of("-Xshare:auto"), infoEnvironment);

            java.util.function.Supplier<List<String>> token = () -> List.of("Bearer " + pool.accessToken(EMAIL));
            Program me = new Program("GET /me", AfterRestoreBench.classpath(meArtifacts, benchClasses), ColdGetMe.class.getName(), "DONE 200", token);
            Program info = new Program("GET /me/security-info", AfterRestoreBench.classpath(infoArtifacts, benchClasses),
                    ColdSecurityInfo.class.getName(), "DONE 200", token);

            System.out.println("== Cold start: GET /me/security-info vs GET /me, fresh JVM per run, same Cognito token");
            System.out.println("JDK: " + Machine.jdk() + "; " + Machine.load());
            System.out.printf("artifacts: %s (%d KB), %s (%d KB) + %d layer jars%n",
                    meArtifacts.functionJar().getFileName(), size(meArtifacts.functionJar()),
                    infoArtifacts.functionJar().getFileName(), size(infoArtifacts.functionJar()), meArtifacts.layerJars().size());
            // The first GET /me creates the profile; from then on both children do the steady-state request.
            show(meJvm, moto, me);
            show(meJvm, moto, me);
            show(infoJvm, moto, info);

            List<Double> meMs = new ArrayList<>();
            List<Double> infoMs = new ArrayList<>();
            Benchmark.alternate(runs, true, () -> meJvm.run(me), () -> infoJvm.run(info), (run, m, i, meFirst) -> {
                meMs.add(m);
                infoMs.add(i);
                System.out.printf("run %2d  GET /me %6.0f ms   GET /me/security-info %6.0f ms%n", run, m, i);
            });
            double ratio = Stats.median(infoMs) / Stats.median(meMs);
            System.out.printf("median  GET /me %6.0f ms (min %.0f, max %.0f)   GET /me/security-info %6.0f ms (min %.0f, max %.0f)%n",
                    Stats.median(meMs), Stats.min(meMs), Stats.max(meMs), Stats.median(infoMs), Stats.min(infoMs), Stats.max(infoMs));
            System.out.printf("ratio security-info/me = %.2f   (target <= %.1f: %s)   %s%n", ratio, TARGET_RATIO,
                    ratio <= TARGET_RATIO ? "met" : "NOT met", Machine.load());
        } finally {
            moto.stop();
        }
    }

    /** One untimed run through a recording proxy, printing what the child sent. */
    private static void show(ChildJvm jvm, Moto moto, Program program) {
        try (CountingProxy proxy = CountingProxy.to(moto.endpoint())) {
            jvm.withEnvironment("DYNAMODB_ENDPOINT", proxy.endpoint().toString())
                    .withEnvironment("COGNITO_ENDPOINT", proxy.endpoint().toString()).run(program);
            System.out.printf("check: %s sends %s (untimed)%n", program.name(), proxy.operations());
        }
    }

    private static long size(Path jar) {
        return jar.toFile().length() / 1024;
    }
}

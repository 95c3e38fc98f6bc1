package dev.myprofile.bench;

import dev.myprofile.profile.entrypoints.GetMeHandler;
import dev.myprofile.testkit.Project;
import dev.myprofile.testkit.SamTemplate;
import dev.myprofile.testkit.TestIssuer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code GET /me} function as template.yaml defines it — the one source of truth for its
 * artifact, its environment and its JVM flags ({@code JAVA_TOOL_OPTIONS}), so the benchmarks follow
 * every change to the template.
 */
record DeployedFunction(Path root, SamTemplate template, SamTemplate.Function function) {

    static DeployedFunction getMe() {
        return of(GetMeHandler.class);
    }

    /** The function whose handler is {@code handler}. */
    static DeployedFunction of(Class<?> handler) {
        return of(handler.getName());
    }

    /** The function whose handler class is named {@code handlerClass}. */
    static DeployedFunction of(String handlerClass) {
        Path root = Project.root();
        SamTemplate template = SamTemplate.load(root.resolve("template.yaml"));
        SamTemplate.Function function = template.functions().stream()
                .filter(f -> f.handlerClass().equals(handlerClass))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("template.yaml has no function for " + handlerClass));
        return new DeployedFunction(root, template, function);
    }

    /** Every function of the template with an HTTP API route, in the template's order. */
    static List<DeployedFunction> apiFunctions() {
        Path root = Project.root();
        SamTemplate template = SamTemplate.load(root.resolve("template.yaml"));
        return template.functions().stream().filter(f -> !f.routes().isEmpty())
                .map(f -> new DeployedFunction(root, template, f)).toList();
    }

    /**
     * The environment the template gives the function for a pool it creates ({@code references}:
     * the pool's and client's ids, the table, the web origin).
     */
    Map<String, String> environment(Map<String, String> references) {
        Map<String, String> resolved = new HashMap<>(template.parameterDefaults());
        resolved.putAll(references);
        return new HashMap<>(template.environment(function, resolved));
    }

    /**
     * The function's environment variables with the stack's parameters and the table resolved; the
     * token settings point at {@code issuer}. What Lambda adds itself (region, credentials) is not here.
     */
    Map<String, String> environment(TestIssuer issuer, String table) {
        Map<String, String> references = new HashMap<>(template.parameterDefaults());
        // The test issuer stands for "another OpenID provider": its tokens carry aud and typ at+jwt.
        references.put("SignInService", "other-openid-provider");
        references.put("AWS::Region", "us-east-1");
        references.put("AWS::StackName", "bench");
        references.put("TokenIssuer", issuer.issuer());
        references.put("TokenAudience", TestIssuer.AUDIENCE);
        references.put("JwksUri", issuer.jwksUri().toString());
        references.put("WebOrigin", MeEvent.ORIGIN);
        references.put(template.tableLogicalId(), table);
        // Any other resource a function's environment names (a bucket, say) gets a stand-in name, so a
        // new function is benchmarked without a change here.
        for (String resource : template.resources().keySet()) {
            references.putIfAbsent(resource, "bench-" + resource.toLowerCase(java.util.Locale.ROOT));
        }
        return new HashMap<>(template.environment(function, references));
    }

    /** The JVM flags the template gives the function. */
    String javaToolOptions() {
        Object flags = function.environment().get("JAVA_TOOL_OPTIONS");
        if (!(flags instanceof String text) || text.isBlank()) {
            throw new IllegalStateException("template.yaml sets no JAVA_TOOL_OPTIONS for " + function.logicalId());
        }
        return text;
    }

    /** For bench/run: prints the template's JAVA_TOOL_OPTIONS, to start the warm benchmark as deployed. */
    public static void main(String[] args) {
        System.out.println(getMe().javaToolOptions());
    }
}

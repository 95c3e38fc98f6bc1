package dev.myprofile.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.platform.Platform;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.Project;
import dev.myprofile.testkit.SamTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * template.yaml is the one source of truth, so it is held to account: it lints clean, SAM's own
 * translator accepts it, every handler it names is in the artifact its CodeUri names, the layer has
 * the layout Lambda expects, every route has a sample event, and the local runtime routes exactly
 * the template's routes to exactly its handlers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateContractTest {
    private static final Set<String> HTTP_METHODS = Set.of("GET", "PUT", "POST", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final Set<String> READ_ACTIONS = Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query");

    private final Path root = Project.root();
    private final SamTemplate template = SamTemplate.load();
    private LocalPortal portal;

    @BeforeAll
    void start() throws IOException {
        portal = LocalPortal.start(0, Optional.of(Moto.shared().endpoint()));
    }

    @AfterAll
    void stop() {
        portal.close();
    }

    private static String run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), () -> String.join(" ", command) + " failed:\n" + output);
        return output;
    }

    @Test
    void cfn_lint_finds_nothing() throws Exception {
        run(root, "cfn-lint", "template.yaml");
    }

    @Test
    void SAMs_translator_accepts_the_template_and_every_function_is_java21_arm64_with_SnapStart() throws Exception {
        Path script = Path.of(getClass().getResource("/sam_transform.py").toURI());
        JsonNode cloudFormation = new ObjectMapper().readTree(run(root, "python3", script.toString(), "template.yaml"));
        List<JsonNode> functions = new ArrayList<>();
        cloudFormation.path("Resources").forEach(r -> {
            if (r.path("Type").asText().equals("AWS::Lambda::Function")) {
                functions.add(r.path("Properties"));
            }
        });
        assertEquals(template.functions().size(), functions.size());
        for (JsonNode function : functions) {
            assertEquals("java21", function.path("Runtime").asText());
            assertEquals("arm64", function.path("Architectures").path(0).asText());
            assertEquals("PublishedVersions", function.path("SnapStart").path("ApplyOn").asText());
            assertFalse(function.path("Environment").path("Variables").path("JAVA_TOOL_OPTIONS").isMissingNode());
        }
    }

    @Test
    void every_route_uses_a_real_HTTP_method() {
        for (SamTemplate.Route route : template.routes()) {
            assertTrue(HTTP_METHODS.contains(route.method()), route::routeKey);
            assertTrue(route.path().startsWith("/"), route::routeKey);
        }
    }

    @Test
    void every_handler_is_in_the_artifact_its_CodeUri_names_and_has_the_constructors_the_pipeline_needs() throws Exception {
        for (SamTemplate.Function function : template.functions()) {
            Path artifact = root.resolve(function.codeUri());
            assertTrue(Files.isRegularFile(artifact), () -> function.logicalId() + ": no artifact at " + artifact + " (run mvn package)");
            String entry = function.handlerClass().replace('.', '/') + ".class";
            try (ZipFile zip = new ZipFile(artifact.toFile())) {
                assertTrue(zip.getEntry(entry) != null, () -> function.logicalId() + ": " + entry + " not in " + artifact);
                assertTrue(zip.stream().noneMatch(e -> e.getName().startsWith("dev/myprofile/shared/")),
                        "the shared layer's classes come from the layer, not each function");
            }
            assertTrue(function.handler().endsWith("::handleRequest"), function::handler);
            Class<?> handler = Class.forName(function.handlerClass());
            assertTrue(RequestHandler.class.isAssignableFrom(handler));
            handler.getConstructor();
            // API functions are built on the request pipeline; event-driven ones on the platform alone.
            handler.getConstructor(function.routes().isEmpty() ? Platform.class : Api.class);
        }
    }

    @Test
    void the_layer_holds_jars_under_java_lib_with_no_Apache_or_Netty_HTTP_client() throws Exception {
        Map<String, Object> layer = template.resource("SharedLayer");
        Path zip = root.resolve(String.valueOf(((Map<?, ?>) layer.get("Properties")).get("ContentUri")));
        Set<String> jars = new TreeSet<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                if (!entry.isDirectory()) {
                    assertTrue(entry.getName().startsWith("java/lib/") && entry.getName().endsWith(".jar"), entry.getName());
                    jars.add(entry.getName().substring("java/lib/".length()));
                }
            }
        }
        for (String needed : List.of("shared-", "nimbus-jose-jwt-", "dynamodb-", "url-connection-client-", "jackson-core-",
                "aws-lambda-java-core-", "aws-lambda-java-events-")) {
            assertTrue(jars.stream().anyMatch(j -> j.startsWith(needed)), () -> needed + " missing from " + jars);
        }
        for (String banned : List.of("apache-client-", "apache5-client-", "netty-", "httpclient", "mock-oauth2-server-",
                "jackson-databind-", "snakeyaml-", "kotlin-")) {
            assertTrue(jars.stream().noneMatch(j -> j.startsWith(banned)), () -> banned + " must not be deployed: " + jars);
        }
    }

    @Test
    void GET_functions_may_only_read_except_the_documented_first_request_creation() {
        for (SamTemplate.Function function : template.functions()) {
            if (function.routes().isEmpty() || !function.routes().stream().allMatch(r -> r.method().equals("GET"))) {
                continue;
            }
            for (Object policy : (List<?>) function.properties().get("Policies")) {
                for (Object raw : statements(policy)) {
                    Map<?, ?> statement = (Map<?, ?>) raw;
                    List<?> actions = (List<?>) statement.get("Action");
                    boolean readOnly = actions.stream().allMatch(READ_ACTIONS::contains);
                    boolean firstRequest = "CreateProfileOnFirstRequest".equals(statement.get("Sid"))
                            && actions.equals(List.of("dynamodb:PutItem"));
                    assertTrue(readOnly || firstRequest, () -> function.logicalId() + " may not " + actions);
                }
            }
        }
    }

    /** An inline policy's statements, or those of the template's managed policy it refers to. */
    private List<?> statements(Object policy) {
        Map<?, ?> map = (Map<?, ?>) policy;
        if (map.containsKey("Ref")) {
            Map<?, ?> managed = (Map<?, ?>) template.resource(String.valueOf(map.get("Ref"))).get("Properties");
            return (List<?>) ((Map<?, ?>) managed.get("PolicyDocument")).get("Statement");
        }
        return (List<?>) map.get("Statement");
    }

    @Test
    void every_API_function_may_read_the_sign_out_time_its_pipeline_checks() {
        for (SamTemplate.Function function : template.functions()) {
            boolean reads = ((List<?>) function.properties().get("Policies")).stream()
                    .flatMap(policy -> statements(policy).stream())
                    .map(statement -> (Map<?, ?>) statement)
                    .anyMatch(statement -> ((List<?>) statement.get("Action")).contains("dynamodb:GetItem"));
            assertTrue(function.routes().isEmpty() || reads, function.logicalId() + " cannot read the sign-out time");
        }
    }

    @Test
    void no_user_token_can_reach_the_cleanup_or_the_sign_in_recorder() {
        for (SamTemplate.Function function : template.functions()) {
            if (function.logicalId().equals("CleanupFunction") || function.logicalId().equals("RecordDeviceSignInFunction")) {
                assertTrue(function.routes().isEmpty(), function.logicalId() + " must have no HTTP route");
                Map<?, ?> events = (Map<?, ?>) function.properties().get("Events");
                for (Object event : events.values()) {
                    String type = String.valueOf(((Map<?, ?>) event).get("Type"));
                    assertTrue(type.equals("Schedule") || type.equals("EventBridgeRule"), function.logicalId() + ": " + type);
                }
            }
        }
    }

    @Test
    void the_organization_admin_function_has_no_route_and_no_trigger_so_only_IAM_can_invoke_it() {
        SamTemplate.Function admin = template.functions().stream()
                .filter(f -> f.logicalId().equals("OrganizationAdminFunction")).findFirst().orElseThrow();
        assertTrue(admin.routes().isEmpty());
        assertTrue(admin.properties().get("Events") == null, "no event source may invoke it");
        for (String action : List.of("put-organization", "add-guest", "remove-guest")) {
            assertEquals(action, Events.loadMap("organization-admin-" + action).get("action"));
        }
    }

    @Test
    void every_route_has_a_sample_event_and_every_sample_event_is_a_route() {
        Set<String> routes = template.routes().stream().map(SamTemplate.Route::routeKey).collect(Collectors.toSet());
        Set<String> events = new HashSet<>();
        for (Path file : Events.all()) {
            APIGatewayV2HTTPEvent event = Events.read(file);
            assertEquals("2.0", event.getVersion(), file::toString);
            assertEquals(event.getRouteKey(), event.getRequestContext().getRouteKey(), file::toString);
            assertEquals(event.getRouteKey().split(" ")[0], event.getRequestContext().getHttp().getMethod(), file::toString);
            events.add(event.getRouteKey());
        }
        assertEquals(new TreeSet<>(routes), new TreeSet<>(events));
    }

    @Test
    void the_local_runtime_routes_exactly_the_templates_routes_to_its_handlers() {
        Map<String, String> expected = template.functions().stream()
                .flatMap(f -> f.routes().stream().map(r -> Map.entry(r.routeKey(), f.handlerClass())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Map<String, String> local = portal.router().routes().stream()
                .collect(Collectors.toMap(ApiRouter.Route::routeKey, r -> r.handler().getClass().getName()));
        assertEquals(expected, local);
    }

    @Test
    void every_local_route_reaches_its_handler_over_HTTP() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (SamTemplate.Route route : template.routes()) {
            String path = route.path().replaceAll("\\{[^}]+}", "sample-id");
            HttpRequest request = HttpRequest.newBuilder(URI.create(portal.url()).resolve(path))
                    .method(route.method(), HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            // The pipeline's own answer to a request without a token: proof the handler ran.
            assertEquals(401, response.statusCode(), route::routeKey);
            assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse(""));
            assertTrue(response.body().contains("urn:myprofile:problem:unauthorized"), response::body);
        }
        HttpResponse<String> missing = client.send(HttpRequest.newBuilder(URI.create(portal.url()).resolve("/me/nothing")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        HttpResponse<String> wrongMethod = client.send(HttpRequest.newBuilder(URI.create(portal.url()).resolve("/me"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, wrongMethod.statusCode());
    }
}

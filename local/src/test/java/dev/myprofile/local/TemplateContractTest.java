package dev.myprofile.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.platform.Platform;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.Project;
import dev.myprofile.testkit.SamTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
    private static final Set<String> READ_ACTIONS = Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
            // Recent sign-ins: reading the caller's sign-ins at the pool.
            "cognito-idp:AdminListUserAuthEvents");

    /** Every API exchange the runtime makes for this test, checked against openapi.yaml. */
    private final ApiContract.Recorder exchanges = ApiContract.recorder();
    private final Path root = Project.root();
    private final SamTemplate template = SamTemplate.load();
    private LocalPortal portal;

    @BeforeAll
    void start() throws IOException {
        portal = LocalPortal.start(0, Optional.of(Moto.shared().endpoint()), exchanges);
    }

    @AfterEach
    void every_exchange_keeps_the_API_description() {
        exchanges.assertKept();
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

    private JsonNode cloudFormation;

    /** The template as SAM's own translator turns it into CloudFormation (what deploys), read once. */
    private JsonNode cloudFormation() throws Exception {
        if (cloudFormation == null) {
            Path script = Path.of(getClass().getResource("/sam_transform.py").toURI());
            cloudFormation = new ObjectMapper().readTree(run(root, "python3", script.toString(), "template.yaml"));
        }
        return cloudFormation;
    }

    private JsonNode resourceOfType(String type) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        cloudFormation().path("Resources").forEach(r -> {
            if (r.path("Type").asText().equals(type)) {
                found.add(r.path("Properties"));
            }
        });
        assertEquals(1, found.size(), () -> "one " + type);
        return found.get(0);
    }

    @Test
    void every_route_needs_a_valid_token_at_the_gateway_with_the_functions_issuer_and_audience() throws Exception {
        JsonNode api = resourceOfType("AWS::ApiGatewayV2::Api").path("Body");
        Set<String> guarded = new TreeSet<>();
        api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            // Device registration's authorizer also lets the device-management service's client through (below).
            String expected = (operation.getKey() + " " + path.getKey()).equals("put /me/devices/{deviceId}")
                    ? "DeviceRegistrationAuthorizer" : "TokenAuthorizer";
            assertEquals("[{\"" + expected + "\":[]}]", operation.getValue().path("security").toString(),
                    () -> operation.getKey() + " " + path.getKey() + " has no authorizer");
            guarded.add(operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
        }));
        assertEquals(new TreeSet<>(template.routes().stream().map(SamTemplate.Route::routeKey).toList()), guarded);

        JsonNode authorizer = api.path("components").path("securitySchemes").path("TokenAuthorizer")
                .path("x-amazon-apigateway-authorizer");
        assertEquals("jwt", authorizer.path("type").asText());
        assertEquals("$request.header.Authorization", authorizer.path("identitySource").asText());
        // The gateway checks the very issuer and audience the functions check, for every sign-in service.
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> globals = SamTemplate.map(SamTemplate.map(SamTemplate.map(SamTemplate.map(
                template.root().get("Globals")).get("Function")).get("Environment")).get("Variables"));
        assertEquals(json.valueToTree(globals.get("TOKEN_ISSUER")), authorizer.path("jwtConfiguration").path("issuer"));
        JsonNode audience = authorizer.path("jwtConfiguration").path("audience").path(0);
        // With a pool: its client id (Cognito access tokens carry no aud; API Gateway checks client_id).
        assertEquals(json.readTree("{\"Ref\":\"WebClient\"}"), audience.path("Fn::If").path(1));
        assertEquals(json.readTree("{\"Ref\":\"CognitoClientId\"}"), audience.path("Fn::If").path(2).path("Fn::If").path(1));
        // Another provider: TokenAudience when set.
        assertEquals(json.readTree("{\"Fn::If\":[\"HasTokenAudience\",{\"Ref\":\"TokenAudience\"},{\"Ref\":\"CognitoClientId\"}]}"),
                audience.path("Fn::If").path(2).path("Fn::If").path(2));
        // Device registration: the same issuer and the same first audience, and the device-management
        // service's client beside it (its own pool's, or the existing pool's when named; else nothing more).
        JsonNode registration = api.path("components").path("securitySchemes").path("DeviceRegistrationAuthorizer")
                .path("x-amazon-apigateway-authorizer");
        assertEquals(authorizer.path("identitySource"), registration.path("identitySource"));
        assertEquals(authorizer.path("jwtConfiguration").path("issuer"), registration.path("jwtConfiguration").path("issuer"));
        assertEquals(audience, registration.path("jwtConfiguration").path("audience").path(0));
        assertEquals(json.readTree("[\"CreateUserPool\",{\"Ref\":\"DeviceServiceClient\"},{\"Fn::If\":[\"ExistingPoolDeviceServiceClient\","
                        + "{\"Ref\":\"ExistingDeviceServiceClientId\"},{\"Ref\":\"AWS::NoValue\"}]}]"),
                registration.path("jwtConfiguration").path("audience").path(1).path("Fn::If"));
        assertEquals(2, registration.path("jwtConfiguration").path("audience").size());
    }

    @Test
    void every_route_that_changes_something_has_its_own_lower_throttle() throws Exception {
        JsonNode stage = resourceOfType("AWS::ApiGatewayV2::Stage");
        Set<String> writes = new TreeSet<>(template.routes().stream().filter(r -> !r.method().equals("GET"))
                .map(SamTemplate.Route::routeKey).toList());
        Set<String> throttled = new TreeSet<>();
        stage.path("RouteSettings").fieldNames().forEachRemaining(throttled::add);
        assertEquals(writes, throttled);
        Map<String, String> defaults = template.parameterDefaults();
        for (String route : writes) {
            JsonNode settings = stage.path("RouteSettings").path(route);
            assertEquals("WriteThrottleRate", settings.path("ThrottlingRateLimit").path("Ref").asText(), route);
            assertEquals("WriteThrottleBurst", settings.path("ThrottlingBurstLimit").path("Ref").asText(), route);
        }
        assertTrue(Integer.parseInt(defaults.get("WriteThrottleRate")) < stage.path("DefaultRouteSettings").path("ThrottlingRateLimit").asInt());
        assertTrue(Integer.parseInt(defaults.get("WriteThrottleBurst")) < stage.path("DefaultRouteSettings").path("ThrottlingBurstLimit").asInt());
    }

    @Test
    void the_gateway_writes_a_JSON_access_log_line_per_request_with_no_token_or_header_in_it() throws Exception {
        JsonNode logs = resourceOfType("AWS::ApiGatewayV2::Stage").path("AccessLogSettings");
        assertEquals("ApiAccessLogs", logs.path("DestinationArn").path("Fn::GetAtt").path(0).asText());
        assertEquals("AWS::Logs::LogGroup", cloudFormation().path("Resources").path("ApiAccessLogs").path("Type").asText());
        assertEquals("LogRetentionDays", cloudFormation().path("Resources").path("ApiAccessLogs").path("Properties")
                .path("RetentionInDays").path("Ref").asText());
        String format = logs.path("Format").asText();
        JsonNode line = new ObjectMapper().readTree(format);
        for (String field : List.of("requestId", "routeKey", "status", "ip")) {
            assertTrue(line.has(field), () -> "the access log names " + field + ": " + format);
        }
        line.fields().forEachRemaining(field -> assertTrue(field.getValue().asText().matches("\\$context\\.[A-Za-z.]+"),
                () -> field.getKey() + " must be one $context variable: " + field.getValue()));
        String lower = format.toLowerCase(java.util.Locale.ROOT);
        assertFalse(lower.contains("$request") || lower.contains("authorization") || lower.contains("header"),
                "no request header (the token is one) in the access log: " + format);
    }

    @Test
    void every_API_function_may_have_reserved_concurrency_from_one_parameter() throws Exception {
        for (SamTemplate.Function function : template.functions()) {
            if (function.routes().isEmpty()) {
                continue;
            }
            assertEquals(Map.of("Fn::If", List.of("ReservesConcurrency", Map.of("Ref", "ApiReservedConcurrency"),
                    Map.of("Ref", "AWS::NoValue"))), function.properties().get("ReservedConcurrentExecutions"), function.logicalId());
        }
    }

    @Test
    void SAMs_translator_accepts_the_template_and_every_function_is_java25_arm64_with_SnapStart_and_X_Ray() throws Exception {
        JsonNode cloudFormation = cloudFormation();
        JsonNode resources = cloudFormation.path("Resources");
        List<JsonNode> functions = new ArrayList<>();
        resources.forEach(r -> {
            if (r.path("Type").asText().equals("AWS::Lambda::Function")) {
                functions.add(r.path("Properties"));
            }
        });
        assertEquals(template.functions().size(), functions.size());
        assertEquals("Active", template.parameterDefaults().get("Tracing"), "traced unless the stack turns it off");
        for (JsonNode function : functions) {
            assertEquals("java25", function.path("Runtime").asText());
            assertEquals("arm64", function.path("Architectures").path(0).asText());
            assertEquals("PublishedVersions", function.path("SnapStart").path("ApplyOn").asText());
            assertFalse(function.path("Environment").path("Variables").path("JAVA_TOOL_OPTIONS").isMissingNode());
            // X-Ray as the Tracing parameter says, with the permission to write the traces.
            assertEquals("Tracing", function.path("TracingConfig").path("Mode").path("Ref").asText(), function::toString);
            JsonNode role = resources.path(function.path("Role").path("Fn::GetAtt").path(0).asText()).path("Properties");
            assertTrue(role.path("ManagedPolicyArns").toString().contains("AWSXrayWriteOnlyAccess"), role::toString);
        }
    }

    /**
     * SnapStart snapshots published versions only: every route must invoke the function through its
     * alias (AutoPublishAlias), or API Gateway would call $LATEST, which is never restored from a
     * snapshot. The integration and API Gateway's invoke permission both name the alias.
     */
    @Test
    void every_route_invokes_the_published_alias_that_SnapStart_snapshots() throws Exception {
        JsonNode resources = cloudFormation().path("Resources");
        JsonNode paths = resourceOfType("AWS::ApiGatewayV2::Api").path("Body").path("paths");
        for (SamTemplate.Function function : template.functions()) {
            if (function.routes().isEmpty()) {
                continue;
            }
            String alias = function.logicalId() + "Aliaslive";
            JsonNode aliasResource = resources.path(alias);
            assertEquals("AWS::Lambda::Alias", aliasResource.path("Type").asText(), alias);
            String version = aliasResource.path("Properties").path("FunctionVersion").path("Fn::GetAtt").path(0).asText();
            assertEquals("AWS::Lambda::Version", resources.path(version).path("Type").asText(), alias + " -> " + version);
            for (SamTemplate.Route route : function.routes()) {
                JsonNode integration = paths.path(route.path()).path(route.method().toLowerCase(java.util.Locale.ROOT))
                        .path("x-amazon-apigateway-integration");
                assertTrue(integration.path("uri").toString().contains("${" + alias + "}"), () -> route.routeKey() + ": " + integration);
            }
            List<JsonNode> permissions = new ArrayList<>();
            resources.forEach(r -> {
                if (r.path("Type").asText().equals("AWS::Lambda::Permission")
                        && r.path("Properties").path("Principal").asText().equals("apigateway.amazonaws.com")
                        && r.path("Properties").path("FunctionName").toString().contains(function.logicalId())) {
                    permissions.add(r.path("Properties"));
                }
            });
            assertFalse(permissions.isEmpty(), function.logicalId());
            for (JsonNode permission : permissions) {
                assertEquals(alias, permission.path("FunctionName").path("Ref").asText(), permission::toString);
            }
        }
    }

    /** The JVM flags the template sets are ones a HotSpot JVM accepts as they are (no silent ignoring). */
    @Test
    void the_functions_JVM_flags_are_accepted_by_the_JVM() throws Exception {
        Set<String> flags = new TreeSet<>();
        for (SamTemplate.Function function : template.functions()) {
            Object value = function.environment().get("JAVA_TOOL_OPTIONS");
            assertTrue(value instanceof String, function.logicalId());
            flags.add((String) value);
        }
        for (String options : flags) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(options.trim().split("\\s+")));
            command.add("-version");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.waitFor(), () -> options + ":\n" + output);
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
                "aws-lambda-java-core-", "aws-lambda-java-events-", "crac-")) {
            assertTrue(jars.stream().anyMatch(j -> j.startsWith(needed)), () -> needed + " missing from " + jars);
        }
        for (String banned : List.of("apache-client-", "apache5-client-", "netty-", "httpclient", "mock-oauth2-server-",
                "jackson-databind-", "snakeyaml-", "kotlin-", "swagger-", "json-schema-", "guava-")) {
            assertTrue(jars.stream().noneMatch(j -> j.startsWith(banned)), () -> banned + " must not be deployed: " + jars);
        }
    }

    @Test
    void GET_functions_may_only_read_except_the_documented_first_request_creation_and_passkeys_added_elsewhere() {
        for (SamTemplate.Function function : template.functions()) {
            if (function.routes().isEmpty() || !function.routes().stream().allMatch(r -> r.method().equals("GET"))) {
                continue;
            }
            for (Object policy : (List<?>) function.properties().get("Policies")) {
                for (Object raw : statements(policy)) {
                    Map<?, ?> statement = (Map<?, ?>) raw;
                    List<?> actions = (List<?>) statement.get("Action");
                    boolean readOnly = actions.stream().allMatch(READ_ACTIONS::contains);
                    // GET /me's first request creates the profile: a put, in one transaction with a check of the sign-out time.
                    boolean firstRequest = "CreateProfileOnFirstRequest".equals(statement.get("Sid"))
                            && actions.equals(List.of("dynamodb:PutItem", "dynamodb:ConditionCheckItem"));
                    // GET /me/security-info records (and, when recent, announces) a passkey added at the sign-in service.
                    boolean passkeyAddedElsewhere = function.logicalId().equals("GetSecurityInfoFunction")
                            && ("RecordPasskeyAddedElsewhere".equals(statement.get("Sid")) && actions.equals(List.of("dynamodb:PutItem"))
                                || "SendSecurityNotice".equals(statement.get("Sid")) && actions.equals(List.of("ses:SendEmail")));
                    assertTrue(readOnly || firstRequest || passkeyAddedElsewhere, () -> function.logicalId() + " may not " + actions);
                }
            }
        }
    }

    /**
     * Cognito authorizes its administrative operations by the function's role, so each is granted on
     * this pool alone (never a wildcard), and "download my data" may only list the person's
     * authentication events there (least privilege: its GetUser and ListWebAuthnCredentials go with the
     * person's own token and need no permission; which calls a handler really makes is IamContractTest's).
     */
    @Test
    void every_Cognito_permission_is_on_the_pool_alone_and_the_export_may_only_list_authentication_events() {
        Map<String, Set<String>> cognito = new java.util.TreeMap<>();
        for (SamTemplate.Function function : template.functions()) {
            for (Object policy : (List<?>) function.properties().get("Policies")) {
                for (Object raw : statements(policy)) {
                    Map<?, ?> statement = (Map<?, ?>) raw;
                    List<String> actions = ((List<?>) statement.get("Action")).stream().map(String::valueOf)
                            .filter(action -> action.startsWith("cognito-idp:")).toList();
                    if (actions.isEmpty()) {
                        continue;
                    }
                    String resource = String.valueOf(statement.get("Resource"));
                    assertTrue(resource.contains(":userpool/${") && !resource.contains("*"),
                            () -> function.logicalId() + " may call " + actions + " on " + resource + ", not only on the pool");
                    cognito.computeIfAbsent(function.logicalId(), id -> new TreeSet<>()).addAll(actions);
                }
            }
        }
        assertEquals(Set.of("cognito-idp:AdminListUserAuthEvents"), cognito.get("ExportFunction"), cognito::toString);
        Object threatProtection = variables("ExportFunction").get("THREAT_PROTECTION");
        assertEquals(Map.of("Ref", "ThreatProtection"), threatProtection, "the export learns whether the pool keeps sign-ins");
        assertEquals(variables("ListSignInsFunction").get("THREAT_PROTECTION"), threatProtection, "as the sign-in routes learn it");
    }

    private Map<String, Object> variables(String function) {
        return SamTemplate.map(SamTemplate.map(SamTemplate.map(template.resource(function).get("Properties")).get("Environment"))
                .get("Variables"));
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
    void every_function_of_a_route_that_changes_something_may_count_the_users_writes() {
        for (SamTemplate.Function function : template.functions()) {
            if (function.routes().stream().allMatch(r -> r.method().equals("GET"))) {
                continue;
            }
            boolean counts = ((List<?>) function.properties().get("Policies")).stream()
                    .flatMap(policy -> statements(policy).stream())
                    .map(statement -> (Map<?, ?>) statement)
                    .anyMatch(statement -> ((List<?>) statement.get("Action")).contains("dynamodb:UpdateItem"));
            assertTrue(counts, function.logicalId() + " cannot count the user's writes (dynamodb:UpdateItem)");
        }
    }

    /**
     * A security-info handler that sends a notice (its source calls the notifier, or its change is `telling` one through the SecurityChange flow) may send email: without
     * SendSecurityNoticePolicy, SES refuses on AWS, the handler only logs notice.failed, and no local test
     * would see it (moto's SES takes any caller).
     */
    @Test
    void every_security_info_function_that_sends_a_notice_may_send_email() throws IOException {
        List<String> notifying = new ArrayList<>();
        for (SamTemplate.Function function : template.functions()) {
            if (!function.handlerClass().startsWith("dev.myprofile.securityinfo.")) {
                continue;
            }
            Path source = root.resolve("functions/security-info/src/main/java/" + function.handlerClass().replace('.', '/') + ".java");
            String code = Files.readString(source);
            if (!code.contains("notifier().send(") && !code.contains(".telling(") && !code.contains("PasskeysAddedElsewhere.record(")) {
                continue;
            }
            notifying.add(function.logicalId());
            boolean may = ((List<?>) function.properties().get("Policies")).stream()
                    .anyMatch(policy -> policy instanceof Map<?, ?> ref && "SendSecurityNoticePolicy".equals(ref.get("Ref")));
            assertTrue(may, function.logicalId() + " sends a notice but may not send email (SendSecurityNoticePolicy)");
        }
        assertTrue(notifying.contains("RenameMethodFunction") && notifying.contains("ChangePasswordFunction"), notifying::toString);
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> map, String... path) {
        Map<String, Object> here = map;
        for (String key : path) {
            here = (Map<String, Object>) here.get(key);
            assertTrue(here != null, () -> "missing " + String.join(".", path));
        }
        return here;
    }

    @Test
    void the_sign_in_rule_matches_its_source_and_only_the_sign_in_service_may_put_events_on_the_bus() {
        Map<String, Object> recorder = template.resource("RecordDeviceSignInFunction");
        Map<String, Object> pattern = at(recorder, "Properties", "Events", "SignIn", "Properties", "Pattern");
        assertEquals(List.of(Map.of("Ref", "SignInEventSource")), pattern.get("source"), "the rule matches the source");
        assertEquals(List.of("Device Sign-In"), pattern.get("detail-type"));
        assertEquals(Map.of("Ref", "SignInEventSource"), at(recorder, "Properties", "Environment", "Variables").get("SIGN_IN_EVENT_SOURCE"),
                "the recorder drops other sources too");

        Map<String, Object> deny = null;
        Map<String, Object> allow = null;
        for (String id : template.resourcesOfType("AWS::Events::EventBusPolicy")) {
            Map<String, Object> properties = at(template.resource(id), "Properties");
            assertEquals(Map.of("Ref", "DeviceEventBus"), properties.get("EventBusName"));
            Map<String, Object> statement = at(properties, "Statement");
            if ("Deny".equals(statement.get("Effect"))) {
                deny = statement;
            } else {
                allow = statement;
            }
        }
        assertTrue(deny != null, "a bus policy denies every principal but the sign-in service");
        assertEquals(Map.of("AWS", "*"), deny.get("Principal"));
        assertEquals("events:PutEvents", deny.get("Action"));
        // Every principal but the publisher; everyone when there is none (DeploymentContractTest, point 4).
        // The publishers: the sign-in service's role, the device-management service's, or both.
        Object publishers = Map.of("Fn::If", List.of("HasBothPublishers",
                List.of(Map.of("Ref", "SignInPublisherArn"), Map.of("Ref", "DeviceServicePublisherArn")),
                Map.of("Fn::If", List.of("HasSignInPublisher", Map.of("Ref", "SignInPublisherArn"), Map.of("Ref", "DeviceServicePublisherArn")))));
        assertEquals(Map.of("Fn::If", List.of("HasPublisher",
                Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", publishers)),
                Map.of("Ref", "AWS::NoValue"))), deny.get("Condition"));
        assertTrue(allow != null && allow.get("Principal").equals(Map.of("AWS", publishers)), String.valueOf(allow));
    }

    /** What CloudFormation would accept for a parameter, by its AllowedPattern (Java's regex dialect, as CloudFormation's). */
    private boolean accepts(String parameter, String value) {
        Map<String, Object> definition = template.parameter(parameter);
        return java.util.regex.Pattern.compile(String.valueOf(definition.get("AllowedPattern"))).matcher(value).matches();
    }

    @Test
    void the_deployment_refuses_plain_http_for_the_issuer_the_keys_and_the_web_origin() {
        assertFalse(accepts("WebOrigin", "http://myprofile.example.com"));
        assertFalse(accepts("WebOrigin", "https://myprofile.example.com/"));
        assertTrue(accepts("WebOrigin", "https://myprofile.example.com"));
        assertTrue(accepts("WebOrigin", "http://localhost:8080"));
        assertFalse(accepts("TokenIssuer", "http://login.example.com/tenant"));
        assertTrue(accepts("TokenIssuer", "https://cognito-idp.eu-north-1.amazonaws.com/eu-north-1_abc"));
        assertFalse(accepts("JwksUri", "http://login.example.com/keys"));
        assertTrue(accepts("JwksUri", ""));
        assertTrue(accepts("JwksUri", "https://login.example.com/keys"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void CORS_allows_exactly_the_methods_of_the_routes_and_the_headers_the_code_reads() throws Exception {
        Map<String, Object> cors = at(template.resource("HttpApi"), "Properties", "CorsConfiguration");
        assertEquals(new TreeSet<>(template.routes().stream().map(SamTemplate.Route::method).toList()),
                new TreeSet<>((List<String>) cors.get("AllowMethods")));
        StringBuilder code = new StringBuilder();
        for (String sources : List.of("shared/src/main/java", "functions")) {
            try (var files = Files.walk(root.resolve(sources))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/")).toList()) {
                    code.append(Files.readString(file));
                }
            }
        }
        for (String header : (List<String>) cors.get("AllowHeaders")) {
            assertTrue(code.indexOf("header(\"" + header + "\")") >= 0, () -> "CORS allows " + header + ", which no route reads");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_deployed_site_gets_the_web_apps_own_policy_naming_the_site_the_issuer_and_the_API_and_nothing_else() {
        Map<String, Object> config = at(template.resource("WebResponseHeadersPolicy"), "Properties", "ResponseHeadersPolicyConfig",
                "SecurityHeadersConfig");
        Map<String, Object> csp = at(config, "ContentSecurityPolicy");
        assertEquals(true, csp.get("Override"));
        List<Object> sub = (List<Object>) ((Map<String, Object>) csp.get("ContentSecurityPolicy")).get("Fn::Sub");
        String meta = StaticFiles.metaPolicy(root.resolve("web/index.html"));
        assertEquals(meta.replace(StaticFiles.ISSUER_ORIGIN, "${IssuerOrigin}").replace(StaticFiles.API_ORIGIN, "${ApiOrigin}")
                + "; frame-ancestors 'none'", sub.get(0), "the header is index.html's policy, plus frame-ancestors");
        assertTrue(meta.contains("connect-src 'self' " + StaticFiles.ISSUER_ORIGIN + " " + StaticFiles.API_ORIGIN + ";"), meta);
        assertFalse(meta.contains("https:;") || meta.contains("https: ") || meta.contains("*"), "no wildcard sources: " + meta);
        Map<String, Object> origins = (Map<String, Object>) sub.get(1);
        // The header cannot name ${HttpApi} (the distribution that carries it is the API's CORS origin: a
        // cycle), so it allows the region's API hosts; index.html's own policy, which the browser enforces
        // as well, names this API alone (SiteBuild fills it from the stack's outputs: SiteBuildTest).
        assertEquals(Map.of("Fn::Sub", "https://*.execute-api.${AWS::Region}.${AWS::URLSuffix}"), origins.get("ApiOrigin"));
        // The issuer's origins: a pool's discovery (cognito-idp) and its managed login domain, or another provider's host.
        List<Object> byService = (List<Object>) ((Map<String, Object>) origins.get("IssuerOrigin")).get("Fn::If");
        assertEquals("CreateUserPool", byService.get(0));
        assertEquals("https://cognito-idp.${AWS::Region}.amazonaws.com https://${Prefix}.auth.${AWS::Region}.amazoncognito.com",
                ((List<Object>) ((Map<String, Object>) byService.get(1)).get("Fn::Sub")).get(0));
        List<Object> otherwise = (List<Object>) ((Map<String, Object>) byService.get(2)).get("Fn::If");
        assertEquals("ExistingUserPool", otherwise.get(0));
        assertEquals(Map.of("Fn::Join", List.of("", List.of("https://",
                Map.of("Fn::Select", List.of(2, Map.of("Fn::Split", List.of("/", Map.of("Ref", "TokenIssuer")))))))),
                otherwise.get(2));
        assertEquals("DENY", at(config, "FrameOptions").get("FrameOption"));
        assertEquals("no-referrer", at(config, "ReferrerPolicy").get("ReferrerPolicy"));
    }

    /** The administrators' functions: the prefix of their sample events, and the actions they take. */
    private static final Map<String, Map.Entry<String, List<String>>> ADMIN_FUNCTIONS = Map.of(
            "OrganizationAdminFunction", Map.entry("organization-admin-", List.of("put-organization", "add-guest", "remove-guest")),
            "DeviceAdminFunction", Map.entry("device-admin-", List.of("enable-device", "forget-removed-device")));

    @Test
    void the_admin_functions_have_no_route_and_no_trigger_so_only_IAM_can_invoke_them() {
        Map<String, Object> outputs = SamTemplate.map(template.root().get("Outputs"));
        ADMIN_FUNCTIONS.forEach((logicalId, samples) -> {
            SamTemplate.Function admin = template.functions().stream()
                    .filter(f -> f.logicalId().equals(logicalId)).findFirst().orElseThrow(() -> new AssertionError(logicalId));
            assertTrue(admin.routes().isEmpty(), logicalId);
            assertTrue(admin.properties().get("Events") == null, logicalId + ": no event source may invoke it");
            for (String action : samples.getValue()) {
                assertEquals(action, Events.loadMap(samples.getKey() + action).get("action"), logicalId + " " + action);
            }
            assertTrue(outputs.containsKey(logicalId + "Name"), logicalId + ": its name is an output to invoke it by");
        });
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

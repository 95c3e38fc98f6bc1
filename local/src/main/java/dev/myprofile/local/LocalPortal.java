package dev.myprofile.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.Json;
import dev.myprofile.shared.platform.Platform;
import dev.myprofile.shared.problem.Problem;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.Project;
import dev.myprofile.testkit.SamTemplate;
import dev.myprofile.testkit.TestContext;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * The whole portal on one machine: a DynamoDB and Cognito endpoint (moto_server, unless
 * DYNAMODB_ENDPOINT names one), the table and the user pool from template.yaml, a sign-in in the shape
 * of Cognito's managed login (or the development OpenID provider), the API routed from template.yaml
 * to the real handlers, the web app, and demo data. {@link #main} prints one URL;
 * Ctrl-C stops everything it started.
 */
public final class LocalPortal implements AutoCloseable {
    public static final String TABLE = "myprofile-local";
    /** What the template's ${AWS::StackName} is locally. */
    static final String STACK = "myprofile-local";
    /** moto's account id. */
    static final String LOCAL_ACCOUNT = "123456789012";
    /** The template's ExportBucket, locally (on moto). */
    static final String EXPORT_BUCKET = "myprofile-local-exports";
    /**
     * Local only: invoke a function no HTTP route reaches (the cleanup, the sign-in recorder). Only
     * for this machine's own tools: see {@link #refusesLocalFunctionCall}.
     */
    static final String LOCAL_FUNCTIONS = "/local/functions/";
    /** The API's contract, openapi.yaml, and a readable view of it. */
    static final String API_DOCUMENT = "/openapi.yaml";
    static final String API_VIEWER = "/api-docs/";
    /** The security notices' sender on moto's SES (which, like the SES sandbox, refuses unverified ones). */
    static final String NOTIFICATION_SENDER = "security@myprofile.local";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Moto moto;
    private final CognitoWebAuthnStandIn webAuthn;
    private final CognitoAuthEventsStandIn authEvents;
    private final LocalSignIn identity;
    private final HttpServer server;
    private final ApiRouter router;
    private final String url;
    private final URI dynamoEndpoint;
    private final BiConsumer<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> exchanges;

    private LocalPortal(Moto moto, CognitoWebAuthnStandIn webAuthn, CognitoAuthEventsStandIn authEvents, LocalSignIn identity,
                        HttpServer server, ApiRouter router,
                        String url, URI dynamoEndpoint, BiConsumer<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> exchanges) {
        this.moto = moto;
        this.webAuthn = webAuthn;
        this.authEvents = authEvents;
        this.identity = identity;
        this.server = server;
        this.router = router;
        this.url = url;
        this.dynamoEndpoint = dynamoEndpoint;
        this.exchanges = exchanges;
    }

    public static void main(String[] args) throws Exception {
        // The SDK (and mock-oauth2-server) log through SLF4J, which has no provider here: that is meant
        // (the functions log JSON lines of their own), so its three warnings about it are not printed.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        Map<String, String> settings = System.getenv();
        SignIn signIn = "oidc".equalsIgnoreCase(settings.getOrDefault("LOCAL_SIGN_IN", "")) ? SignIn.DEVELOPMENT_OIDC : SignIn.COGNITO;
        String passkeys = settings.getOrDefault("PASSKEY_REGISTRATION", "portal");
        if (!List.of("portal", "managed-login", "off").contains(passkeys)) {
            System.err.println("PASSKEY_REGISTRATION is portal (the default), managed-login or off, not " + passkeys);
            System.exit(2);
        }
        LocalPortal portal = start(Integer.parseInt(settings.getOrDefault("PORT", "8080")),
                Optional.ofNullable(settings.get("DYNAMODB_ENDPOINT")).filter(s -> !s.isBlank()).map(URI::create),
                signIn, Map.of("PasskeyRegistration", passkeys), Map.of(), (event, response) -> { }, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping My Profile…");
            portal.close();
        }));
        System.out.println();
        System.out.println("  My Profile is running at " + portal.url());
        System.out.println("  " + portal.identity().howToSignIn() + " Press Ctrl-C to stop.");
        System.out.println("  The sign-in: " + portal.identity().issuer());
        String moto = portal.dynamoEndpoint().toString().replaceAll("/+$", "");
        System.out.println("  moto_server: " + moto + " (the text messages and emails sent, codes included: "
                + moto + "/moto-api/data.json)");
        if (signIn == SignIn.COGNITO && !passkeys.equals("off")) {
            System.out.println("  Passkeys: " + (passkeys.equals("portal")
                    ? "added on Security info, which runs the ceremony (PASSKEY_REGISTRATION=managed-login: at the sign-in page)."
                    : "added at the sign-in's own page (" + portal.identity().issuer()
                            + "/passkeys/add), which Security info links to (PASSKEY_REGISTRATION=portal: on Security info itself)."));
        }
        System.out.println("  The API description: " + portal.url() + API_VIEWER.substring(1)
                + " (the document: " + portal.url() + API_DOCUMENT.substring(1) + ")");
        System.out.println("  Run the stale-device cleanup: curl -X POST -H 'Content-Type: application/json' "
                + portal.url() + "local/functions/CleanupFunction -d '{}'");
        System.out.println("  (add \"dryRun\": true to see what it would do)");
        if (portal.identity() instanceof CognitoSignIn cognito) {
            // The device-management service's confidential client, made afresh each run (a local secret, nothing else).
            var service = cognito.pool().deviceService();
            System.out.println("  Register a device as the organization's device-management service would: TOKEN_URL="
                    + cognito.tokenEndpointFromJava() + " CLIENT_ID=" + service.clientId() + " CLIENT_SECRET=" + service.clientSecret()
                    + " API_URL=" + portal.url() + " local/register-device <subject> <deviceId> <name> <os> <version> <registered|joined>");
        }
        System.out.println();
        Thread.currentThread().join();
    }

    /** Who signs people in locally. */
    public enum SignIn {
        /** The default: moto's Cognito, behind a sign-in in the shape of Cognito's managed login. */
        COGNITO,
        /** mock-oauth2-server: tokens of another OpenID provider, with claims the sign-in page lets a test choose. */
        DEVELOPMENT_OIDC
    }

    /**
     * Starts everything, with Cognito signing people in. {@code port} 0 picks a free one; an
     * endpoint, when given, is used instead of a private moto_server (and its table is reused if it
     * exists).
     */
    public static LocalPortal start(int port, Optional<URI> dynamoEndpoint) throws IOException {
        return start(port, dynamoEndpoint, (event, response) -> { });
    }

    /**
     * As {@link #start(int, Optional)}, and hands every API exchange (the handler's event and answer)
     * to {@code exchanges}: the tests check each against openapi.yaml.
     */
    public static LocalPortal start(int port, Optional<URI> dynamoEndpoint,
                                    BiConsumer<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> exchanges) throws IOException {
        return start(port, dynamoEndpoint, SignIn.COGNITO, Map.of(), exchanges, Clock.systemUTC());
    }

    /**
     * @param signIn   who signs people in
     * @param settings environment variables every function gets on top of the template's
     * @param clock    the functions' clock (a test moving time to make a sign-in too old for step-up)
     */
    public static LocalPortal start(int port, Optional<URI> dynamoEndpoint, SignIn signIn, Map<String, String> settings,
                                    BiConsumer<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> exchanges, Clock clock)
            throws IOException {
        return start(port, dynamoEndpoint, signIn, Map.of(), settings, exchanges, clock);
    }

    /**
     * As above, with template parameters set as a deployment would set them ({@code PasskeyRegistration}:
     * {@code managed-login} sends people to the local sign-in's own {@code /passkeys/add} page).
     */
    public static LocalPortal start(int port, Optional<URI> dynamoEndpoint, SignIn signIn, Map<String, String> parameters,
                                    Map<String, String> settings,
                                    BiConsumer<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> exchanges, Clock clock)
            throws IOException {
        Path root = Project.root();
        Path runDir = root.resolve("local/.run");
        Files.createDirectories(runDir);
        SamTemplate template = SamTemplate.load(root.resolve("template.yaml"));

        Moto moto = dynamoEndpoint.isEmpty() ? Moto.start(runDir) : null;
        URI endpoint = dynamoEndpoint.orElseGet(() -> moto.endpoint());
        // Cognito's passkey operations and its threat protection's sign-ins, which moto lacks, answered
        // by two stand-ins in front of it (the passkeys' first, then the sign-ins', then moto).
        CognitoAuthEventsStandIn authEvents = CognitoAuthEventsStandIn.start(endpoint);
        CognitoWebAuthnStandIn webAuthn = CognitoWebAuthnStandIn.start(authEvents.endpoint());
        HttpServer server = httpServer(port);
        // localhost, not 127.0.0.1: a browser refuses WebAuthn on an IP address, and the passkeys'
        // relying party is this host name.
        String url = "http://localhost:" + server.getAddress().getPort() + "/";
        String webOrigin = url.substring(0, url.length() - 1);

        Map<String, String> local = new HashMap<>();
        local.put("AWS_REGION", Moto.REGION);
        local.put("AWS_ACCESS_KEY_ID", Moto.ACCESS_KEY);
        local.put("AWS_SECRET_ACCESS_KEY", Moto.SECRET_KEY);
        local.put("DYNAMODB_ENDPOINT", endpoint.toString());
        local.put("S3_ENDPOINT", endpoint.toString());
        // Security info calls the pool's Cognito and sends its notices through SES, both moto's here.
        local.put("COGNITO_ENDPOINT", endpoint.toString());
        local.put("SES_ENDPOINT", endpoint.toString());
        local.put("SNS_ENDPOINT", endpoint.toString());
        local.put("SSM_ENDPOINT", endpoint.toString());

        Map<String, String> references = new HashMap<>(template.parameterDefaults());
        references.put("WebOrigin", webOrigin);
        references.put(template.tableLogicalId(), TABLE);
        references.put("ExportBucket", EXPORT_BUCKET);
        references.put("AWS::Region", Moto.REGION);
        references.put("AWS::StackName", STACK);
        references.put("AWS::AccountId", LOCAL_ACCOUNT);
        references.put("AWS::StackId", "arn:aws:cloudformation:" + Moto.REGION + ":" + LOCAL_ACCOUNT + ":stack/" + STACK
                + "/00000000-0000-4000-8000-000000000000");
        references.put("NotificationSender", NOTIFICATION_SENDER);
        // Passkeys: by default the portal runs the ceremony, for the relying party "localhost"; with
        // PasskeyRegistration = managed-login, the local sign-in's /passkeys/add page runs it, for the
        // sign-in's own host, as managed login does for its domain.
        references.put("PasskeyRegistration", "portal");
        references.put("PasskeyRelyingPartyId", "localhost");
        // Threat protection on (the Plus tier), so the Activity page's recent sign-ins have the local
        // sign-in's own to show (ThreatProtection = off shows what the page says without them).
        references.put("ThreatProtection", "audit-only");
        references.putAll(parameters);
        boolean passkeysAtSignIn = "managed-login".equals(references.get("PasskeyRegistration"));
        LocalNotices.allowSender(endpoint, NOTIFICATION_SENDER);

        LocalSignIn identity = signIn == SignIn.COGNITO
                ? CognitoSignIn.start(template, endpoint, references, webOrigin, webAuthn.endpoint())
                : DevelopmentSignIn.start(runDir, webOrigin);
        references.putAll(identity.references());
        local.putAll(identity.settings());
        if (identity instanceof CognitoSignIn cognito) {
            cognito.recordSignInsIn(authEvents);
        }
        if (signIn == SignIn.COGNITO) {
            // Every Cognito call the functions make goes through the stand-in (moto behind it).
            local.put("COGNITO_ENDPOINT", webAuthn.endpoint().toString());
            String relyingParty = LocalUserPool.relyingPartyId(template, references);
            if (passkeysAtSignIn) {
                // The local sign-in is the managed login domain: its page, its host as the relying party.
                local.put("MANAGED_LOGIN_URL", identity.issuer());
                relyingParty = URI.create(identity.issuer()).getHost();
            }
            webAuthn.relyingParty(identity.references().get(LocalUserPool.POOL), new CognitoWebAuthnStandIn.RelyingParty(
                    relyingParty, LocalUserPool.userVerification(template)));
        }
        local.putAll(settings);
        // Our own verification codes' key in moto's Parameter Store, under the template's parameter name
        // (as ./deploy puts it in AWS's), before the functions are built and read it: a fresh key each
        // run, since codes never outlive the portal anyway.
        putVerificationCodeKey(template, references, endpoint);

        Map<Map<String, String>, Platform> platforms = new ConcurrentHashMap<>();
        ApiRouter router = ApiRouter.fromTemplate(template, references, environment -> {
            Map<String, String> merged = new HashMap<>(environment);
            merged.putAll(local);
            return platforms.computeIfAbsent(merged, m -> Platform.create(new Config(m), clock));
        });

        Platform any = platforms.values().iterator().next();
        ensureTable(template, any);
        ensureBucket(endpoint);
        DemoData.seed(any, identity.demoIdentity());
        DemoData.seedAuthenticatorApps(any, identity.usersWithAuthenticatorApp());

        LocalPortal portal = new LocalPortal(moto, webAuthn, authEvents, identity, server, router, url, endpoint, exchanges);
        // The API is on the runtime's own origin (config.json's apiBaseUrl is empty).
        StaticFiles web = StaticFiles.webApp(root.resolve("web"), origin(identity.issuer()), origin(url));
        StaticFiles apiViewer = StaticFiles.apiViewer(root.resolve("local/api-viewer"));
        Path apiDocument = root.resolve("openapi.yaml");
        server.createContext("/", exchange -> portal.serve(exchange, web, apiViewer, apiDocument));
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        // Ada's devices through the running API and sign-in, as the device-management service and she would.
        try {
            DemoData.registerDevices(identity, URI.create(url), clock.instant());
        } catch (IOException | RuntimeException e) {
            portal.close();
            throw e;
        }
        return portal;
    }

    /**
     * The runtime's HTTP server on the loopback address, with Nagle's algorithm off. The JDK server
     * writes an answer's headers and body separately; with Nagle on, the body of every answer on a
     * kept-alive connection waits for the client's delayed ACK of the headers (~40 ms on Linux), which
     * capped a browser tab at ~19 requests a second and inflated every local figure. The JDK server
     * reads {@code sun.net.httpserver.nodelay} once, when its first server starts, so it is set here,
     * before this one is created.
     */
    static HttpServer httpServer(int port) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        return HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    }

    private static void putVerificationCodeKey(SamTemplate template, Map<String, String> references, URI endpoint) {
        String key = randomKey();
        template.functions().stream()
                .map(f -> f.environment().get("VERIFICATION_CODE_KEY_PARAMETER"))
                .filter(java.util.Objects::nonNull)
                .map(name -> template.evaluate(name, references))
                .distinct()
                .forEach(name -> Moto.putSecureParameter(endpoint, name, key));
    }

    private static String randomKey() {
        byte[] key = new byte[48];
        new java.security.SecureRandom().nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    private static void ensureTable(SamTemplate template, Platform platform) {
        try {
            platform.dynamo().describeTable(r -> r.tableName(TABLE));
        } catch (ResourceNotFoundException e) {
            template.createTable(platform.dynamo(), TABLE);
        }
    }

    /** The template's export bucket on moto (which takes an unsigned request). */
    private static void ensureBucket(URI endpoint) throws IOException {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            URI.create(endpoint.toString().replaceAll("/+$", "") + "/" + EXPORT_BUCKET))
                    .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2 && response.statusCode() != 409) {
                throw new IOException("creating the export bucket on moto answered " + response.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    public String url() {
        return url;
    }

    public URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    public ApiRouter router() {
        return router;
    }

    public LocalSignIn identity() {
        return identity;
    }

    /** The stand-in for Cognito's threat protection (its sign-ins, fed by the local sign-in). */
    CognitoAuthEventsStandIn authEvents() {
        return authEvents;
    }

    /**
     * Every request gets an answer: a failure is answered while the exchange is still open (a
     * try-with-resources would close it before its catch runs, leaving the client an empty reply),
     * and only then is the exchange closed.
     */
    private void serve(HttpExchange exchange, StaticFiles web, StaticFiles apiViewer, Path apiDocument) {
        try {
            route(exchange, web, apiViewer, apiDocument);
        } catch (PayloadV2.TooLarge e) {
            // Read what the client is still sending (within reason) so the answer is not lost to a reset.
            discardRest(exchange);
            exchange.getResponseHeaders().set("Connection", "close");
            answerFailure(exchange, Problem.of(413, "body-too-large", "Request body too large",
                    "The body may be at most " + PayloadV2.MAX_BODY / 1024 + " KB."));
        } catch (IOException | RuntimeException e) {
            e.printStackTrace();
            answerFailure(exchange, Problem.of(500, "local-runtime-error", "Local runtime error", "See the terminal."));
        } finally {
            exchange.close();
        }
    }

    /** A problem answer, unless an answer has begun already (then the connection just closes). */
    private static void answerFailure(HttpExchange exchange, Problem problem) {
        if (exchange.getResponseCode() != -1) {
            return;
        }
        try {
            sendProblem(exchange, problem);
        } catch (IOException gone) {
            // The client has gone; nothing is left to answer.
        }
    }

    private static void discardRest(HttpExchange exchange) {
        try {
            InputStream in = exchange.getRequestBody();
            byte[] buffer = new byte[64 * 1024];
            long left = 16L * PayloadV2.MAX_BODY;
            for (int n; left > 0 && (n = in.read(buffer)) > 0; ) {
                left -= n;
            }
        } catch (IOException gone) {
            // Answered regardless.
        }
    }

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private void route(HttpExchange exchange, StaticFiles web, StaticFiles apiViewer, Path apiDocument) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Optional<ApiRouter.Match> match = router.match(method, path);
        if (match.isPresent()) {
            invoke(exchange, match.get());
        } else if (method.equals("POST") && path.startsWith(LOCAL_FUNCTIONS)) {
            invokeEventFunction(exchange, path.substring(LOCAL_FUNCTIONS.length()));
        } else if (path.equals("/config.json")) {
            sendJson(exchange, 200, "application/json", webConfig());
        } else if (isRead(method) && path.equals(API_DOCUMENT)) {
            apiViewer.send(exchange, apiDocument);
        } else if (isRead(method) && path.equals(API_VIEWER.substring(0, API_VIEWER.length() - 1))) {
            exchange.getResponseHeaders().set("Location", API_VIEWER);
            exchange.sendResponseHeaders(308, -1);
        } else if (isRead(method) && path.startsWith(API_VIEWER)
                && apiViewer.resolve(path.substring(API_VIEWER.length() - 1)).isPresent()) {
            apiViewer.send(exchange, apiViewer.resolve(path.substring(API_VIEWER.length() - 1)).get());
        } else if (isRead(method) && web.resolve(path).isPresent()) {
            web.send(exchange, web.resolve(path).get());
        } else if (!router.methodsAt(path).isEmpty()) {
            // What the client sent is not repeated: an answer is no place to reflect a request.
            sendProblem(exchange, Problem.of(405, "method-not-allowed", "Method not allowed",
                    "This method is not allowed here; Allow lists those that are.")
                    .withHeader("Allow", String.join(", ", router.methodsAt(path))));
        } else {
            sendProblem(exchange, Problem.notFound("There is nothing at this address."));
        }
    }


    /** Calls the route's handler in-process with a real payload-2.0 event, as Lambda would. */
    private void invoke(HttpExchange exchange, ApiRouter.Match match) throws IOException {
        var event = PayloadV2.event(exchange, match);
        APIGatewayV2HTTPResponse response = match.route().handler()
                .handleRequest(event, new TestContext(match.route().functionId(), 10_000));
        exchanges.accept(event, response);
        Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] body = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.getStatusCode(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The request body is the event (e.g. {@code {"dryRun": true}}); the answer is what the function returned. */
    private void invokeEventFunction(HttpExchange exchange, String logicalId) throws IOException {
        Optional<Refusal> refusal = refusesLocalFunctionCall(exchange);
        if (refusal.isPresent()) {
            sendProblem(exchange, Problem.of(refusal.get().status(), "not-for-this-caller", "Not for this caller",
                    refusal.get().detail()));
            return;
        }
        var function = router.eventFunctions().get(logicalId);
        if (function == null) {
            sendProblem(exchange, Problem.notFound("No such function; these are: " + router.eventFunctions().keySet()));
            return;
        }
        byte[] body = PayloadV2.readBody(exchange.getRequestBody());
        Map<String, Object> event;
        try {
            event = body.length == 0 ? new HashMap<>() : MAPPER.readValue(body, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            sendProblem(exchange, Problem.badRequest("Send the event as a JSON object."));
            return;
        }
        Map<String, Object> result = function.handleRequest(event, new TestContext(logicalId, 900_000));
        sendJson(exchange, 200, "application/json", MAPPER.writeValueAsString(result));
    }

    /**
     * Why a call of a local function is refused, if it is. Any web page the developer visits can POST
     * here: a form or a "simple" fetch needs no permission (text/plain, form encodings), so only
     * application/json is accepted, which a page on another origin cannot send without a preflight this
     * runtime never grants; a request a browser marks as from another site (Origin, Sec-Fetch-Site) is
     * refused; and so is one for another host name (DNS rebinding: a page whose name resolves here).
     */
    private record Refusal(int status, String detail) {}

    private Optional<Refusal> refusesLocalFunctionCall(HttpExchange exchange) {
        var headers = exchange.getRequestHeaders();
        String contentType = Optional.ofNullable(headers.getFirst("Content-Type")).orElse("").toLowerCase(java.util.Locale.ROOT);
        if (!contentType.split(";")[0].trim().equals("application/json")) {
            return Optional.of(new Refusal(415, "Send the event as application/json (curl -H 'Content-Type: application/json')."));
        }
        String self = url.substring(0, url.length() - 1);
        String origin = headers.getFirst("Origin");
        if (origin != null && !origin.equals(self)) {
            return Optional.of(new Refusal(403, "Local functions run only for this runtime's own pages and tools, not for " + origin + "."));
        }
        String site = headers.getFirst("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return Optional.of(new Refusal(403, "Local functions run only for this runtime's own pages and tools."));
        }
        String host = Optional.ofNullable(headers.getFirst("Host")).orElse("");
        int port = server.getAddress().getPort();
        if (!host.equals("127.0.0.1:" + port) && !host.equals("localhost:" + port)) {
            return Optional.of(new Refusal(403, "Local functions answer only at 127.0.0.1:" + port + " or localhost:" + port + "."));
        }
        return Optional.empty();
    }

    private String webConfig() {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("issuer", identity.issuer());
            g.writeStringField("clientId", identity.clientId());
            g.writeStringField("scope", identity.scope());
            g.writeStringField("apiBaseUrl", "");
            if (identity.logoutUrl().isPresent()) {
                g.writeStringField("logoutUrl", identity.logoutUrl().get());
            }
            g.writeEndObject();
        });
    }

    /** A problem as the functions write it, with the headers their answers carry. */
    private static void sendProblem(HttpExchange exchange, Problem problem) throws IOException {
        ApiResponse response = ApiResponse.problem(problem);
        ApiResponse.PROTECTIVE_HEADERS.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(problem.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sendJson(HttpExchange exchange, int status, String type, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        identity.close();
        webAuthn.close();
        authEvents.close();
        if (moto != null) {
            moto.stop();
        }
    }
}

package dev.myprofile.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myprofile.devices.store.dynamodb.DeviceItems;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.testkit.Moto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local runtime on its own moto_server: demo data seeded, and the functions no route reaches
 * (the cleanup, the sign-in recorder) run on demand through the local-only endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalRuntimeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalPortal portal;
    private DynamoDbClient dynamo;
    private UserKey ada;

    @BeforeAll
    void start() throws Exception {
        portal = LocalPortal.start(0, Optional.empty());
        dynamo = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(Moto.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY)))
                .endpointOverride(portal.dynamoEndpoint())
                .build();
        ada = portal.identity().demoUser();
    }

    @AfterAll
    void stop() {
        portal.close();
    }

    /** As curl with -H 'Content-Type: application/json' would call it. */
    private HttpResponse<String> invoke(String function, String event) throws Exception {
        return invoke(function, event, "Content-Type", "application/json");
    }

    private HttpResponse<String> invoke(String function, String event, String... headers) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(portal.url() + "local/functions/" + function))
                .headers(headers)
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, AttributeValue> device(String id) {
        return dynamo.getItem(r -> r.tableName(LocalPortal.TABLE).consistentRead(true)
                .key(Items.key(ada, DeviceItems.sortKey(id)))).item();
    }

    @Test
    void the_cleanup_runs_on_demand_dry_first_then_for_real_on_the_demo_devices() throws Exception {
        JsonNode dry = JSON.readTree(invoke("CleanupFunction", "{\"dryRun\": true}").body());
        assertEquals("complete", dry.path("status").asText());
        assertEquals(2, dry.path("disabled").asInt(), "d-old-laptop and d-lost-phone are stale");
        assertEquals(0, dry.path("deleted").asInt(), "d-work-phone was disabled by Ada at the start: deleted 30 days later");
        assertEquals("enabled", device("d-lost-phone").get("state").s());

        JsonNode real = JSON.readTree(invoke("CleanupFunction", "{}").body());
        assertEquals(2, real.path("disabled").asInt());
        assertEquals(0, real.path("deleted").asInt());
        assertEquals("cleanup", device("d-old-laptop").get("disabledBy").s());
        assertEquals("cleanup", device("d-lost-phone").get("disabledBy").s());
        assertEquals("user", device("d-work-phone").get("disabledBy").s());
        assertEquals("enabled", device("d-tablet").get("state").s());

        JsonNode again = JSON.readTree(invoke("CleanupFunction", "{}").body());
        assertEquals(0, again.path("disabled").asInt() + again.path("deleted").asInt());
    }

    @Test
    void a_device_sign_in_event_is_recorded_on_demand() throws Exception {
        LocalSignIn.Identity ada = portal.identity().demoIdentity();
        String event = "{\"detail-type\": \"Device Sign-In\", \"source\": \"myprofile.identity\", \"detail\": {\"issuer\": \""
                + ada.issuer() + "\", \"subject\": \"" + ada.subject() + "\", \"deviceId\": \"d-phone\", \"signInTime\": \""
                + java.time.Instant.now() + "\"}}";
        HttpResponse<String> response = invoke("RecordDeviceSignInFunction", event);
        assertEquals(200, response.statusCode(), response::body);
        assertEquals("RECORDED", JSON.readTree(response.body()).path("result").asText());
    }

    @Test
    void the_web_apps_meta_policy_is_the_header_policy_naming_only_the_site_the_issuer_and_the_API() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(portal.url())).build(), HttpResponse.BodyHandlers.ofString());
        String header = page.headers().firstValue("content-security-policy").orElseThrow();
        Matcher meta = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">").matcher(page.body());
        assertTrue(meta.find(), "index.html carries the policy for hosting without headers");
        assertEquals(meta.group(1) + "; frame-ancestors 'none'", header, "the meta policy is exactly as strict as the header");
        URI issuer = URI.create(portal.identity().issuer());
        String site = portal.url().substring(0, portal.url().length() - 1);
        assertTrue(header.contains("; connect-src 'self' " + issuer.getScheme() + "://" + issuer.getAuthority() + " " + site + ";"), header);
        assertFalse(header.contains("https:;") || header.contains("*") || header.contains("{"), header);
    }

    /** What the runtime answers on the wire: the status line, or null for no answer at all. */
    private String statusLine(String head, byte[] body) throws Exception {
        URI uri = URI.create(portal.url());
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            // The request is written beside the reading, as a client does: a runtime that answers
            // before reading everything must not lose the answer.
            Thread writer = new Thread(() -> {
                try {
                    var out = socket.getOutputStream();
                    out.write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    out.write(body);
                    out.flush();
                } catch (java.io.IOException ignored) {
                    // the runtime may stop reading once it has answered
                }
            });
            writer.start();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
            String status = in.readLine();
            writer.join(30_000);
            return status;
        }
    }

    /** The whole answer on the wire (status line, headers, body), read to the end of the connection. */
    private String answer(String head, byte[] body) throws Exception {
        URI uri = URI.create(portal.url());
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            Thread writer = new Thread(() -> {
                try {
                    var out = socket.getOutputStream();
                    out.write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    out.write(body);
                    out.flush();
                } catch (java.io.IOException ignored) {
                    // the runtime may stop reading once it has answered
                }
            });
            writer.start();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            writer.join(30_000);
            return answer;
        }
    }

    /** As the functions answer: problem+json whose status is the answer's, the same protective headers, no echo. */
    private static void assertLikeAFunctionsProblem(String answer, int status, String echoed) throws Exception {
        String[] parts = answer.split("\r\n\r\n", 2);
        String head = parts[0].toLowerCase(java.util.Locale.ROOT) + "\r\n";
        assertTrue(head.startsWith("http/1.1 " + status + " "), answer);
        assertTrue(head.contains("\r\ncontent-type: application/problem+json\r\n"), head);
        assertTrue(head.contains("\r\ncache-control: no-store\r\n"), head);
        assertTrue(head.contains("\r\nx-content-type-options: nosniff\r\n"), head);
        assertTrue(head.contains("\r\ncontent-security-policy: default-src 'none'; frame-ancestors 'none'\r\n"), head);
        assertTrue(head.contains("\r\nreferrer-policy: no-referrer\r\n"), head);
        JsonNode problem = JSON.readTree(parts[1]);
        assertEquals(status, problem.path("status").asInt(), parts[1]);
        assertTrue(problem.path("type").asText().startsWith("urn:myprofile:problem:"), parts[1]);
        assertFalse(problem.path("title").asText().isEmpty(), parts[1]);
        assertFalse(parts[1].contains(echoed), "the answer echoes what the client sent: " + parts[1]);
    }

    @Test
    void the_runtimes_own_404_405_and_413_are_problems_like_the_functions_answers_and_echo_nothing() throws Exception {
        assertLikeAFunctionsProblem(answer("GET /nothing-here-%3Cb%3Ex%3C/b%3E HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                new byte[0]), 404, "nothing-here");
        String notAllowed = answer("PUT /me HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", new byte[0]);
        assertLikeAFunctionsProblem(notAllowed, 405, "/me");
        assertTrue(notAllowed.toLowerCase(java.util.Locale.ROOT).contains("\r\nallow: get, patch\r\n"), notAllowed);
        byte[] body = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'x');
        assertLikeAFunctionsProblem(answer("PATCH /me HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n", body), 413, "xxxx");
    }

    @Test
    void a_path_no_file_can_have_still_gets_an_answer() throws Exception {
        String status = statusLine("GET /me/devices/x%00 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", new byte[0]);
        assertTrue(status != null && status.matches("HTTP/1\\.1 40[45] .*"), "answered: " + status);
        status = statusLine("GET /x%00.js HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", new byte[0]);
        assertTrue(status != null && status.startsWith("HTTP/1.1 404"), "answered: " + status);
    }

    @Test
    void a_body_over_the_runtimes_limit_gets_413_not_an_empty_reply() throws Exception {
        byte[] body = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'x');
        String status = statusLine("PATCH /me HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n", body);
        assertEquals("HTTP/1.1 413 Request Entity Too Large", status);
    }

    @Test
    void a_web_page_on_another_site_cannot_run_a_local_function() throws Exception {
        // A form or a "simple" fetch from any page: text/plain needs no preflight.
        HttpResponse<String> simple = invoke("CleanupFunction", "{}", "Content-Type", "text/plain");
        assertEquals(415, simple.statusCode(), simple::body);
        assertEquals(415, invoke("CleanupFunction", "{}", "Content-Type", "application/x-www-form-urlencoded").statusCode());
        assertEquals(415, invoke("CleanupFunction", "{}", "Content-Type", "multipart/form-data; boundary=x").statusCode());
        // JSON, but from a page of another origin, or marked cross-site by the browser.
        HttpResponse<String> foreign = invoke("CleanupFunction", "{}", "Content-Type", "application/json", "Origin", "https://evil.example");
        assertEquals(403, foreign.statusCode(), foreign::body);
        assertEquals("application/problem+json", foreign.headers().firstValue("content-type").orElse(""));
        assertEquals(403, invoke("CleanupFunction", "{}", "Content-Type", "application/json", "Sec-Fetch-Site", "cross-site").statusCode());
        // A page whose own name resolves to this machine (DNS rebinding): same origin to the browser, another Host.
        String rebound = statusLine("POST /local/functions/CleanupFunction HTTP/1.1\r\nHost: evil.example:" + URI.create(portal.url()).getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n", "{}".getBytes());
        assertEquals("HTTP/1.1 403 Forbidden", rebound);
        // The runtime's own origin may.
        String self = portal.url().substring(0, portal.url().length() - 1);
        assertEquals(200, invoke("CleanupFunction", "{\"dryRun\": true}", "Content-Type", "application/json", "Origin", self,
                "Sec-Fetch-Site", "same-origin").statusCode());
    }

    /**
     * Nagle's algorithm off: with it on, every answer on a kept-alive connection waited ~40 ms for a
     * delayed ACK. Checked as the JDK server itself reads the option, in a fresh JVM started the way
     * local/run starts one (no flag on the command line), since the server reads it only once per JVM.
     * (Tests never assert on time; the figures are in the commit that made this change.)
     */
    @Test
    void the_runtimes_server_sends_each_answer_at_once_rather_than_waiting_for_an_ack() throws Exception {
        Process probe = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens", "jdk.httpserver/sun.net.httpserver=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), NoDelayProbe.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, probe.waitFor(), output);
        assertTrue(output.contains("noDelay=true"), output);
    }

    /**
     * What local/run prints: where the portal, its sign-in and moto are (moto's address is where a
     * texted code is read), and no escape codes or library warnings around it. Run as local/run runs it,
     * in a JVM of its own, against the shared moto.
     */
    @Test
    void local_run_says_where_the_portal_the_sign_in_and_moto_are_and_prints_no_noise() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalPortal.class.getName()).redirectErrorStream(true);
        builder.environment().put("PORT", "0");
        builder.environment().put("DYNAMODB_ENDPOINT", Moto.shared().endpoint().toString());
        Process run = builder.start();
        StringBuilder output = new StringBuilder();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(run.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.contains("dryRun")) {
                    break;
                }
            }
        } finally {
            run.destroy();
            run.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        String printed = output.toString();
        assertTrue(printed.contains("My Profile is running at http://localhost:"), printed);
        assertTrue(Pattern.compile("The sign-in: http://login\\.localhost:\\d+\n").matcher(printed).find(), printed);
        String moto = Moto.shared().endpoint().toString().replaceAll("/+$", "");
        assertTrue(printed.contains("moto_server: " + moto + " ") && printed.contains(moto + "/moto-api/data.json"), printed);
        assertFalse(printed.contains("\u001b"), "no terminal escape codes: " + printed);
        assertFalse(printed.contains("SLF4J"), "no library warnings: " + printed);
    }

    /** Maven 3.8's console library writes a colour reset around its quiet output unless told not to (seen as [0m). */
    @Test
    void local_run_builds_without_terminal_escape_codes() throws Exception {
        String script = java.nio.file.Files.readString(dev.myprofile.testkit.Project.root().resolve("local/run"));
        Matcher build = Pattern.compile("(?m)^(.*)\\bmvn -q .*$").matcher(script);
        assertTrue(build.find(), script);
        assertTrue(build.group(1).contains("-Djansi.noreset=true"), "the build's MAVEN_OPTS: " + build.group());
    }

    @Test
    void an_unknown_function_or_a_bad_event_is_a_problem() throws Exception {
        assertEquals(404, invoke("NoSuchFunction", "{}").statusCode());
        assertEquals(400, invoke("CleanupFunction", "[not json").statusCode());
    }
}

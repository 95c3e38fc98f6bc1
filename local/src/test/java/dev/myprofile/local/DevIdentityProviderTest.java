package dev.myprofile.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myprofile.testkit.Moto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The development OpenID provider (mock-oauth2-server) offers only what the web app uses: no token
 * for a password, client-credentials, JWT-bearer or token-exchange request, none of the endpoints the
 * web app never calls, and CORS for the web app's origin only. (Before: each of these grants handed
 * out an API-valid token, and any Origin was echoed with credentials allowed.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevIdentityProviderTest {
    private static final String WEB_ORIGIN = "http://127.0.0.1:8080";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private DevIdentityProvider provider;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Path page = Files.writeString(dir.resolve("login.html"), "<!doctype html><title>sign in</title>");
        provider = DevIdentityProvider.start(Moto.freePort(), page, WEB_ORIGIN);
    }

    @AfterAll
    void stop() {
        provider.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "grant_type=password&username=ada&password=x&client_id=myprofile-web&scope=openid",
            "grant_type=client_credentials&client_id=myprofile-web&client_secret=x&scope=openid",
            "grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=x&client_id=myprofile-web",
            "grant_type=urn:ietf:params:oauth:grant-type:token-exchange&subject_token=x&client_id=myprofile-web",
            "client_id=myprofile-web"})
    void a_grant_the_web_app_does_not_use_gets_no_token(String form) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(provider.issuer() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("unsupported_grant_type", body.path("error").asText());
        assertTrue(body.path("access_token").isMissingNode());
    }

    @Test
    void the_code_grant_still_reaches_the_provider() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(provider.issuer() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=unknown&client_id=myprofile-web"
                        + "&redirect_uri=" + WEB_ORIGIN + "/&code_verifier=" + "v".repeat(43)))
                .build(), HttpResponse.BodyHandlers.ofString());

        // An unknown code is the provider's own refusal, not ours.
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("invalid_grant", JSON.readTree(response.body()).path("error").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/userinfo", "/introspect", "/revoke", "/debugger"})
    void an_endpoint_the_web_app_does_not_call_is_not_found(String endpoint) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(provider.issuer() + endpoint)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(404, response.statusCode(), response.body());
    }

    @Test
    void only_the_web_apps_origin_may_call_it_from_a_browser() throws Exception {
        URI discovery = URI.create(provider.issuer() + "/.well-known/openid-configuration");

        HttpResponse<String> ours = http.send(HttpRequest.newBuilder(discovery).header("Origin", WEB_ORIGIN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> theirs = http.send(HttpRequest.newBuilder(discovery).header("Origin", "https://attacker.example").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(provider.issuer() + "/token"))
                .header("Origin", "https://attacker.example").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, ours.statusCode());
        assertEquals(WEB_ORIGIN, ours.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals(200, theirs.statusCode());
        assertTrue(theirs.headers().map().keySet().stream().noneMatch(h -> h.toLowerCase().startsWith("access-control-")),
                theirs.headers().map().toString());
        assertTrue(preflight.headers().map().keySet().stream().noneMatch(h -> h.toLowerCase().startsWith("access-control-")),
                preflight.headers().map().toString());
    }
}

package dev.myprofile.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Moto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local sign-in over HTTP, as the web app and a person's browser use it: authorization code with
 * PKCE against moto's Cognito, a wrong password, the authenticator-app step, prompt=none, Cognito's
 * logout, and the access token it hands out working on the API (Cognito's tokens: no aud, client_id
 * and token_use, JWKS from moto).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalManagedLoginTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\">");
    private static final String VERIFIER = "a-pkce-verifier-of-enough-length-0123456789-abcdefghijklmnop";

    private final ApiContract.Recorder exchanges = ApiContract.recorder();
    private LocalPortal portal;
    private String login;
    private String clientId;
    private String redirectUri;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    void start() throws Exception {
        portal = LocalPortal.start(0, Optional.of(Moto.shared().endpoint()), exchanges);
        login = portal.identity().issuer();
        clientId = portal.identity().clientId();
        redirectUri = portal.url();
    }

    @AfterAll
    void stop() {
        portal.close();
        exchanges.assertKept();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, Map<String, String> form, String origin) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String authorizeUrl(String extra) {
        return login + "/oauth2/authorize?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8)
                + "&state=st4te&scope=openid&code_challenge=" + LocalManagedLogin.s256(VERIFIER) + "&code_challenge_method=S256" + extra;
    }

    /** The sign-in form's hidden fields, as the browser would send them back. */
    private static Map<String, String> hiddenFields(String page) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(page);
        while (m.find()) {
            fields.put(m.group(1), m.group(2).replace("&amp;", "&").replace("&quot;", "\""));
        }
        return fields;
    }

    private static Map<String, String> query(String location) {
        return LocalManagedLogin.decode(URI.create(location).getRawQuery());
    }

    private HttpResponse<String> signIn(String username, String password) throws Exception {
        HttpResponse<String> page = get(authorizeUrl(""));
        assertEquals(200, page.statusCode(), page::body);
        Map<String, String> form = hiddenFields(page.body());
        form.put("username", username);
        form.put("password", password);
        return post(login + "/login", form, null);
    }

    private JsonNode exchange(String code, String verifier) throws Exception {
        HttpResponse<String> response = post(login + "/oauth2/token", Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", redirectUri, "client_id", clientId, "code_verifier", verifier), portal.url().replaceAll("/$", ""));
        ObjectNode body = (ObjectNode) JSON.readTree(response.body());
        return body.put("status", response.statusCode()).put("cors", response.headers().firstValue("access-control-allow-origin").orElse(""));
    }

    @Test
    void discovery_names_the_endpoints_and_no_end_session_endpoint_like_Cognito() throws Exception {
        JsonNode discovery = JSON.readTree(get(login + "/.well-known/openid-configuration").body());
        assertEquals(login, discovery.path("issuer").asText());
        assertEquals(login + "/oauth2/authorize", discovery.path("authorization_endpoint").asText());
        assertEquals(login + "/oauth2/token", discovery.path("token_endpoint").asText());
        assertTrue(discovery.path("end_session_endpoint").isMissingNode());
    }

    @Test
    void a_demo_user_signs_in_with_code_and_PKCE_and_the_token_works_on_the_API() throws Exception {
        HttpResponse<String> redirect = signIn(DemoData.ADA_EMAIL, CognitoSignIn.DEMO_USERS.get(0).password());
        assertEquals(302, redirect.statusCode(), redirect::body);
        Map<String, String> back = query(redirect.headers().firstValue("location").orElseThrow());
        assertEquals("st4te", back.get("state"));

        JsonNode tokens = exchange(back.get("code"), VERIFIER);
        assertEquals(200, tokens.path("status").asInt(), tokens::toString);
        assertEquals(portal.url().replaceAll("/$", ""), tokens.path("cors").asText());
        String accessToken = tokens.path("access_token").asText();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
        assertEquals(clientId, claims.path("client_id").asText());
        assertEquals("access", claims.path("token_use").asText());
        assertTrue(claims.path("aud").isMissingNode(), "Cognito access tokens carry no aud");

        HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create(portal.url() + "me"))
                .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode(), me::body);
        assertEquals("Ada Lovelace", JSON.readTree(me.body()).path("displayName").asText());

        assertEquals("invalid_grant", exchange(back.get("code"), VERIFIER).path("error").asText(), "a code is good once");
    }

    @Test
    void a_wrong_password_says_so_in_words_and_names_no_user() throws Exception {
        HttpResponse<String> wrong = signIn(DemoData.ADA_EMAIL, "not-her-password");
        assertEquals(200, wrong.statusCode(), "the form again, as managed login shows it");
        assertFalse(wrong.headers().firstValue("location").isPresent(), "no code for a wrong password");
        assertTrue(wrong.body().contains("Incorrect username or password."), wrong::body);
        HttpResponse<String> unknown = signIn("nobody@contoso.example", "whatever-password");
        assertTrue(unknown.body().contains("Incorrect username or password."), unknown::body);
    }

    @Test
    void a_user_with_an_authenticator_app_is_asked_for_its_code() throws Exception {
        LocalUserPool.DemoUser alan = CognitoSignIn.DEMO_USERS.get(2);
        HttpResponse<String> challenge = signIn(alan.email(), alan.password());
        assertEquals(200, challenge.statusCode());
        assertTrue(challenge.body().contains("Two-step verification"), challenge::body);
        Map<String, String> form = hiddenFields(challenge.body());

        form.put("code", "000000".equals(currentCode(challenge.body())) ? "111111" : "000000");
        HttpResponse<String> wrong = post(login + "/login/mfa", form, null);
        assertFalse(wrong.headers().firstValue("location").isPresent(), "no code for a wrong code");
        assertTrue(wrong.body().contains("That code is not right"), wrong::body);

        Map<String, String> retry = hiddenFields(wrong.body());
        retry.put("code", currentCode(wrong.body()));
        HttpResponse<String> redirect = post(login + "/login/mfa", retry, null);
        assertEquals(302, redirect.statusCode(), redirect::body);
        assertEquals(200, exchange(query(redirect.headers().firstValue("location").orElseThrow()).get("code"), VERIFIER)
                .path("status").asInt());
    }

    /** The demo hint shows the code the demo user's app shows; the test computes its own to check it. */
    private static String currentCode(String page) {
        Matcher m = Pattern.compile("<code id=\"demo-code\">([0-9]{6})</code>").matcher(page);
        assertTrue(m.find(), page);
        return m.group(1);
    }

    @Test
    void a_wrong_PKCE_verifier_gets_no_token() throws Exception {
        HttpResponse<String> redirect = signIn(DemoData.ADA_EMAIL, CognitoSignIn.DEMO_USERS.get(0).password());
        String code = query(redirect.headers().firstValue("location").orElseThrow()).get("code");
        assertEquals("invalid_grant", exchange(code, VERIFIER + "x").path("error").asText());
    }

    @Test
    void prompt_none_answers_login_required_without_a_session() throws Exception {
        HttpResponse<String> response = get(authorizeUrl("&prompt=none"));
        assertEquals(302, response.statusCode());
        assertEquals("login_required", query(response.headers().firstValue("location").orElseThrow()).get("error"));
    }

    @Test
    void a_session_answers_prompt_none_with_the_sign_ins_own_token_until_logout_and_prompt_login_asks_again() throws Exception {
        HttpResponse<String> redirect = signIn(DemoData.ADA_EMAIL, CognitoSignIn.DEMO_USERS.get(0).password());
        String cookie = redirect.headers().allValues("set-cookie").stream()
                .filter(value -> value.startsWith(LocalManagedLogin.SESSION_COOKIE + "=")).findFirst().orElseThrow();
        assertTrue(cookie.contains("HttpOnly"), cookie);
        String session = cookie.split(";", 2)[0];
        String first = exchange(query(redirect.headers().firstValue("location").orElseThrow()).get("code"), VERIFIER)
                .path("access_token").asText();

        HttpResponse<String> silent = getWithCookie(authorizeUrl("&prompt=none"), session);
        assertEquals(302, silent.statusCode(), silent::body);
        JsonNode renewed = exchange(query(silent.headers().firstValue("location").orElseThrow()).get("code"), VERIFIER);
        assertEquals(200, renewed.path("status").asInt(), renewed::toString);
        // moto would stamp a new token with a new auth_time, which step-up would take for a fresh sign-in.
        assertEquals(first, renewed.path("access_token").asText(), "the sign-in's own token, with its own auth_time");
        assertTrue(renewed.path("expires_in").asInt() <= 3600);

        HttpResponse<String> again = getWithCookie(authorizeUrl("&prompt=login"), session);
        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains("name=\"password\""), "prompt=login shows the form even with a session");

        getWithCookie(login + "/logout?client_id=" + clientId + "&logout_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8), session);
        HttpResponse<String> ended = getWithCookie(authorizeUrl("&prompt=none"), session);
        assertEquals("login_required", query(ended.headers().firstValue("location").orElseThrow()).get("error"));
    }

    private HttpResponse<String> getWithCookie(String url, String cookie) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void an_unregistered_redirect_uri_is_refused_on_the_page_not_sent_back() throws Exception {
        HttpResponse<String> response = get(authorizeUrl("").replace(URLEncoder.encode(redirectUri, StandardCharsets.UTF_8),
                URLEncoder.encode("https://attacker.example/", StandardCharsets.UTF_8)));
        assertEquals(400, response.statusCode());
        assertFalse(response.headers().firstValue("location").isPresent());
    }

    @Test
    void logout_returns_to_a_registered_logout_uri_only() throws Exception {
        HttpResponse<String> ok = get(login + "/logout?client_id=" + clientId + "&logout_uri="
                + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8));
        assertEquals(302, ok.statusCode());
        assertEquals(redirectUri, ok.headers().firstValue("location").orElseThrow());
        assertEquals(400, get(login + "/logout?client_id=" + clientId + "&logout_uri=https://attacker.example/").statusCode());
    }
}

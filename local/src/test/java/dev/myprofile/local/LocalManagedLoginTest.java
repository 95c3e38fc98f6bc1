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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
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
    /** The sign-in as this test reaches it (Java resolves no *.localhost name); {@link #named} is its address for browsers. */
    private String login;
    private String named;
    private String clientId;
    private String redirectUri;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    void start() throws Exception {
        // Passkeys added at the sign-in's own /passkeys/add page, for its own host; the rest is the same.
        portal = LocalPortal.start(0, Optional.of(Moto.shared().endpoint()), LocalPortal.SignIn.COGNITO,
                Map.of("PasskeyRegistration", "managed-login"), Map.of(), exchanges, java.time.Clock.systemUTC());
        named = portal.identity().issuer();
        login = ((CognitoSignIn) portal.identity()).issuerFromJava();
        clientId = portal.identity().clientId();
        redirectUri = portal.url();
    }

    @AfterAll
    void stop() {
        portal.close();
        exchanges.assertKept();
    }

    /** The sign-in form's CSRF cookie, as the browser that was shown the form keeps it. */
    private String csrfCookie;

    private HttpResponse<String> get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        keepCsrfCookie(response);
        return response;
    }

    private void keepCsrfCookie(HttpResponse<String> response) {
        response.headers().allValues("set-cookie").stream()
                .filter(value -> value.startsWith(LocalManagedLogin.CSRF_COOKIE + "="))
                .findFirst().ifPresent(value -> csrfCookie = value.split(";", 2)[0]);
    }

    private HttpResponse<String> post(String url, Map<String, String> form, String origin) throws Exception {
        return post(url, form, origin, csrfCookie);
    }

    private HttpResponse<String> post(String url, Map<String, String> form, String origin, String cookie) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        keepCsrfCookie(response);
        return response;
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
        assertEquals("http://login.localhost:" + URI.create(login).getPort(), named, "a host of its own, on this machine");
        assertEquals(named, discovery.path("issuer").asText());
        assertEquals(named + "/oauth2/authorize", discovery.path("authorization_endpoint").asText());
        assertEquals(named + "/oauth2/token", discovery.path("token_endpoint").asText());
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

    /**
     * A Cognito access token names neither the person nor their email, so a new user's first GET /me
     * asks the sign-in's OpenID UserInfo endpoint with the same token: the Overview starts with their
     * name and address, not "User".
     */
    @Test
    void a_new_user_s_first_overview_has_their_name_and_email_from_the_user_info_endpoint() throws Exception {
        LocalUserPool.DemoUser grace = CognitoSignIn.DEMO_USERS.get(1);
        HttpResponse<String> redirect = signIn(grace.email(), grace.password());
        String accessToken = exchange(query(redirect.headers().firstValue("location").orElseThrow()).get("code"), VERIFIER)
                .path("access_token").asText();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
        assertTrue(claims.path("name").isMissingNode() && claims.path("email").isMissingNode(), claims::toString);

        JsonNode info = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(login + "/oauth2/userInfo"))
                .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(claims.path("sub").asText(), info.path("sub").asText());
        assertEquals(401, get(login + "/oauth2/userInfo").statusCode(), "no token, no answer");

        HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create(portal.url() + "me"))
                .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode(), me::body);
        JsonNode profile = JSON.readTree(me.body());
        assertEquals("Grace Hopper", profile.path("displayName").asText());
        assertEquals(grace.email(), profile.path("email").asText());
    }

    /**
     * Cognito's access token names the user by the user name the pool gave them (with email as the
     * sign-in name, a generated id that never changes), not by the address typed at sign-in, so changing
     * the email leaves every session signed in. moto keys its tokens by the name given to InitiateAuth;
     * the local sign-in therefore signs in with the pool's user name, as managed login does.
     */
    @Test
    void after_the_email_changes_the_person_stays_signed_in_and_signs_in_with_the_new_address() throws Exception {
        LocalUserPool.DemoUser alanLike = CognitoSignIn.DEMO_USERS.get(0);
        LocalUserPool pool = ((CognitoSignIn) portal.identity()).pool();
        String changed = "ada.changed@contoso.example";
        HttpResponse<String> redirect = signIn(alanLike.email(), alanLike.password());
        String accessToken = exchange(query(redirect.headers().firstValue("location").orElseThrow()).get("code"), VERIFIER)
                .path("access_token").asText();
        String username = pool.cognito().getUser(r -> r.accessToken(accessToken)).username();
        try {
            // What POST /me/security-info/email/verify does once the code is accepted.
            pool.cognito().adminUpdateUserAttributes(r -> r.userPoolId(pool.poolId()).username(username).userAttributes(
                    a -> a.name("email").value(changed), a -> a.name("email_verified").value("true")));

            HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create(portal.url() + "me/security-info"))
                    .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, info.statusCode(), "still signed in after the email changed: " + info.body());
            assertEquals(username, pool.cognito().getUser(r -> r.accessToken(accessToken)).username());
            assertEquals(302, signIn(changed, alanLike.password()).statusCode(), "the new address signs in");
        } finally {
            pool.cognito().adminUpdateUserAttributes(r -> r.userPoolId(pool.poolId()).username(username).userAttributes(
                    a -> a.name("email").value(alanLike.email()), a -> a.name("email_verified").value("true")));
        }
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

    /**
     * "Download my data" through the local runtime holds the person's own sign-ins at the local sign-in,
     * the wrong password too, and nobody else's: the template gives the export function the threat
     * protection setting, and the runtime gives it the stand-in's endpoint as it gives the sign-in routes.
     */
    @Test
    void a_wrong_password_and_the_sign_in_after_it_are_in_the_download_of_my_data_and_nobody_elses() throws Exception {
        LocalUserPool.DemoUser grace = CognitoSignIn.DEMO_USERS.get(1);
        assertFalse(signIn(DemoData.ADA_EMAIL, "not-her-password").headers().firstValue("location").isPresent());
        assertFalse(signIn(grace.email(), "not-her-password").headers().firstValue("location").isPresent());
        HttpResponse<String> redirect = signIn(grace.email(), grace.password());
        String accessToken = exchange(query(redirect.headers().firstValue("location").orElseThrow()).get("code"), VERIFIER)
                .path("access_token").asText();

        HttpResponse<String> exported = http.send(HttpRequest.newBuilder(URI.create(portal.url() + "me/export"))
                .header("Authorization", "Bearer " + accessToken).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, exported.statusCode(), exported::body);
        JsonNode signIns = JSON.readTree(exported.body()).path("export").path("signInService").path("signIns");
        assertTrue(signIns.path("kept").asBoolean(), signIns::toString);
        JsonNode newest = signIns.path("events").path(0);
        assertEquals("Pass", newest.path("EventResponse").asText(), signIns::toString);
        assertEquals("127.0.0.1", newest.path("EventContextData").path("IpAddress").asText());
        JsonNode wrong = signIns.path("events").path(1);
        assertEquals("Fail", wrong.path("EventResponse").asText(), signIns::toString);
        assertEquals("Failure", wrong.path("ChallengeResponses").path(0).path("ChallengeResponse").asText());
        try (var standIn = CognitoWebAuthnStandInTest.client(portal.authEvents().endpoint())) {
            LocalUserPool pool = ((CognitoSignIn) portal.identity()).pool();
            List<String> adas = standIn.adminListUserAuthEvents(r -> r.userPoolId(pool.poolId()).username(DemoData.ADA_EMAIL))
                    .authEvents().stream().map(e -> e.eventId()).toList();
            assertFalse(adas.isEmpty());
            adas.forEach(id -> assertFalse(exported.body().contains(id), "Ada's event " + id + " in Grace's export"));
        }
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

    // --- language ---------------------------------------------------------------------------------

    @Test
    void the_sign_in_speaks_the_language_the_app_asks_for_with_lang_as_managed_login_does() throws Exception {
        HttpResponse<String> swedish = get(authorizeUrl("&lang=sv"));
        assertEquals(200, swedish.statusCode());
        assertTrue(swedish.body().contains("<html lang=\"sv\">"), swedish::body);
        assertTrue(swedish.body().contains("Logga in på My Profile") && swedish.body().contains("Lösenord"), swedish::body);
        Map<String, String> form = hiddenFields(swedish.body());
        form.put("username", DemoData.ADA_EMAIL);
        form.put("password", "not-her-password");
        HttpResponse<String> wrong = post(login + "/login", form, null);
        assertTrue(wrong.body().contains("<html lang=\"sv\">") && wrong.body().contains("Fel användarnamn eller lösenord."), wrong::body);

        // OpenID Connect's ui_locales (another provider's way) is understood too; anything else is English.
        assertTrue(get(authorizeUrl("&ui_locales=sv-SE%20en")).body().contains("Logga in på My Profile"));
        HttpResponse<String> english = get(authorizeUrl("&lang=xx"));
        assertTrue(english.body().contains("<html lang=\"en\">") && english.body().contains("Sign in to My Profile"), english::body);
    }

    @Test
    void every_sign_in_text_is_in_every_language_with_the_same_placeholders() {
        SignInTexts english = SignInTexts.in("en");
        for (String language : SignInTexts.LANGUAGES) {
            SignInTexts texts = SignInTexts.in(language);
            assertEquals(language, texts.language());
            assertEquals(english.texts().keySet(), texts.texts().keySet(), language);
            for (var text : english.texts().entrySet()) {
                assertEquals(placeholders(text.getValue()), placeholders(texts.texts().get(text.getKey())), language + " " + text.getKey());
            }
        }
    }

    private static java.util.Set<String> placeholders(String text) {
        return Pattern.compile("\\{(\\w+)}").matcher(text).results().map(m -> m.group(1)).collect(Collectors.toSet());
    }

    @Test
    void a_swedish_second_step_is_swedish_too() throws Exception {
        LocalUserPool.DemoUser alan = CognitoSignIn.DEMO_USERS.get(2);
        HttpResponse<String> page = get(authorizeUrl("&lang=sv"));
        Map<String, String> form = hiddenFields(page.body());
        form.put("username", alan.email());
        form.put("password", alan.password());
        HttpResponse<String> challenge = post(login + "/login", form, null);
        assertTrue(challenge.body().contains("<html lang=\"sv\">") && challenge.body().contains("Tvåstegsverifiering"), challenge::body);
    }

    // --- login CSRF -----------------------------------------------------------------------------

    /** What an attacker's page sends: its own account's credentials, to sign the victim's browser in as the attacker. */
    private Map<String, String> attackersForm() {
        Map<String, String> form = new LinkedHashMap<>(Map.of("client_id", clientId, "redirect_uri", redirectUri, "state", "st4te",
                "code_challenge", LocalManagedLogin.s256(VERIFIER), "scope", "openid"));
        form.put("username", DemoData.ADA_EMAIL);
        form.put("password", CognitoSignIn.DEMO_USERS.get(0).password());
        return form;
    }

    private static void assertNotSignedIn(HttpResponse<String> response) {
        assertEquals(403, response.statusCode(), response::body);
        assertFalse(response.headers().firstValue("location").isPresent(), "no code for the attacker's sign-in");
        assertTrue(response.headers().allValues("set-cookie").stream()
                .noneMatch(c -> c.startsWith(LocalManagedLogin.SESSION_COOKIE + "=")), "no session for the attacker's sign-in");
    }

    @Test
    void a_cross_site_sign_in_post_with_the_attackers_credentials_signs_no_one_in() throws Exception {
        assertNotSignedIn(post(login + "/login", attackersForm(), "https://attacker.example", null));
        // Without an Origin (an older browser, a stripped header) the form's token is still missing.
        assertNotSignedIn(post(login + "/login", attackersForm(), null, null));
        // The attacker's own token, from their own visit, does not match the victim's browser's cookie.
        get(authorizeUrl(""));
        Map<String, String> withTheirToken = attackersForm();
        withTheirToken.put("_csrf", "the-attackers-own-token");
        assertNotSignedIn(post(login + "/login", withTheirToken, null));
        // The form shown in this browser, posted from this sign-in's own page, still signs in.
        HttpResponse<String> page = get(authorizeUrl(""));
        Map<String, String> form = hiddenFields(page.body());
        form.put("username", DemoData.ADA_EMAIL);
        form.put("password", CognitoSignIn.DEMO_USERS.get(0).password());
        assertEquals(302, post(login + "/login", form, named).statusCode());
    }

    @Test
    void a_cross_site_post_to_the_second_step_is_refused() throws Exception {
        LocalUserPool.DemoUser alan = CognitoSignIn.DEMO_USERS.get(2);
        HttpResponse<String> challenge = signIn(alan.email(), alan.password());
        Map<String, String> form = hiddenFields(challenge.body());
        form.put("code", currentCode(challenge.body()));
        assertNotSignedIn(post(login + "/login/mfa", form, "https://attacker.example"));
        Map<String, String> withoutToken = new LinkedHashMap<>(form);
        withoutToken.remove("_csrf");
        assertNotSignedIn(post(login + "/login/mfa", withoutToken, null));
    }

    // --- a text-message second step (SMS_MFA) ---------------------------------------------------

    /** A user who added a phone on Security info: a verified number, SMS MFA on and preferred, as the portal leaves it. */
    private LocalUserPool.DemoUser userWithPhone(String phone) {
        CognitoSignIn cognito = (CognitoSignIn) portal.identity();
        String email = "texted-" + System.nanoTime() + "@contoso.example";
        LocalUserPool.DemoUser user = new LocalUserPool.DemoUser(email, "Texted-Person-2026", "Texted Person", false, "");
        cognito.pool().createUser(user);
        cognito.pool().cognito().adminUpdateUserAttributes(r -> r.userPoolId(cognito.pool().poolId()).username(email)
                .userAttributes(a -> a.name("phone_number").value(phone), a -> a.name("phone_number_verified").value("true")));
        cognito.pool().cognito().adminSetUserMFAPreference(r -> r.userPoolId(cognito.pool().poolId()).username(email)
                .smsMfaSettings(m -> m.enabled(true).preferredMfa(true)));
        return user;
    }

    /** The text messages moto's SNS recorded for {@code number}, oldest first. */
    private List<String> textsTo(String number) throws Exception {
        JsonNode state = JSON.readTree(get(portal.dynamoEndpoint().resolve("/moto-api/data.json").toString()).body());
        List<String> texts = new ArrayList<>();
        for (JsonNode sms : state.path("sns").path("SMS")) {
            if (sms.path("phone_number").asText().equals(number)) {
                texts.add(sms.path("message").asText());
            }
        }
        return texts;
    }

    private static String sixDigits(String text) {
        Matcher m = Pattern.compile("\\b([0-9]{6})\\b").matcher(text);
        assertTrue(m.find(), text);
        return m.group(1);
    }

    @Test
    void a_user_with_a_phone_is_texted_a_code_and_signs_in_with_it_and_not_with_another() throws Exception {
        String phone = "+4670" + String.format("%07d", System.nanoTime() % 10_000_000);
        LocalUserPool.DemoUser user = userWithPhone(phone);
        HttpResponse<String> challenge = signIn(user.email(), user.password());
        assertEquals(200, challenge.statusCode(), challenge::body);
        assertTrue(challenge.body().contains("text message"), challenge::body);
        assertFalse(challenge.body().contains(phone), "the page shows the number masked, not whole");
        List<String> texts = textsTo(phone);
        assertEquals(1, texts.size(), "one text for one sign-in");
        String code = sixDigits(texts.get(0));

        Map<String, String> form = hiddenFields(challenge.body());
        form.put("code", code.equals("000000") ? "111111" : "000000");
        HttpResponse<String> wrong = post(login + "/login/mfa", form, null);
        assertFalse(wrong.headers().firstValue("location").isPresent(), "no code for a wrong code");
        assertTrue(wrong.body().contains("That code is not right"), wrong::body);

        Map<String, String> retry = hiddenFields(wrong.body());
        retry.put("code", code);
        HttpResponse<String> redirect = post(login + "/login/mfa", retry, null);
        assertEquals(302, redirect.statusCode(), redirect::body);
        assertEquals(200, exchange(query(redirect.headers().firstValue("location").orElseThrow()).get("code"), VERIFIER)
                .path("status").asInt());
        assertFalse(post(login + "/login/mfa", retry, null).headers().firstValue("location").isPresent(), "a texted code is good once");
    }

    // --- sign out everywhere ----------------------------------------------------------------------

    @Test
    void signing_out_everywhere_ends_the_sign_ins_session_so_prompt_none_gives_no_token() throws Exception {
        HttpResponse<String> redirect = signIn(DemoData.ADA_EMAIL, CognitoSignIn.DEMO_USERS.get(0).password());
        String session = sessionOf(redirect);
        String token = exchange(query(redirect.headers().firstValue("location").orElseThrow()).get("code"), VERIFIER)
                .path("access_token").asText();
        HttpResponse<String> signedOut = http.send(HttpRequest.newBuilder(URI.create(portal.url() + "me/sign-out-everywhere"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, signedOut.statusCode(), signedOut::body);

        HttpResponse<String> silent = getWithCookie(authorizeUrl("&prompt=none"), session);
        assertEquals(302, silent.statusCode(), silent::body);
        assertEquals("login_required", query(silent.headers().firstValue("location").orElseThrow()).get("error"),
                "the session of a person who signed out everywhere is over, as managed login's would be");
        assertTrue(getWithCookie(authorizeUrl(""), session).body().contains("name=\"password\""), "the form, not a code");

        // The not-before time is the end of the sign-out's second, so a sign-in within that second is
        // over at once too (its tokens' iat is in whole seconds). The other tests here sign Ada in again:
        // they start after it.
        Instant notBefore = Instant.parse(JSON.readTree(signedOut.body()).path("notBefore").asText());
        while (!Instant.now().isAfter(notBefore)) {
            Thread.sleep(50);
        }
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

    // --- managed login's /passkeys/add ----------------------------------------------------------

    private String addPasskeyUrl(String redirect) {
        return login + "/passkeys/add?client_id=" + clientId + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8);
    }

    private String sessionOf(HttpResponse<String> signedIn) {
        return signedIn.headers().allValues("set-cookie").stream()
                .filter(value -> value.startsWith(LocalManagedLogin.SESSION_COOKIE + "=")).findFirst().orElseThrow().split(";", 2)[0];
    }

    private HttpResponse<String> postJson(String path, String json, String origin, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(login + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_add_a_passkey_page_asks_for_a_sign_in_first_and_returns_to_itself_not_to_the_app() throws Exception {
        HttpResponse<String> refused = get(addPasskeyUrl("https://attacker.example/"));
        assertEquals(400, refused.statusCode());
        assertFalse(refused.headers().firstValue("location").isPresent(), "an unregistered address is never sent back to");

        HttpResponse<String> form = get(addPasskeyUrl(redirectUri));
        assertEquals(200, form.statusCode());
        Map<String, String> fields = hiddenFields(form.body());
        assertEquals("/passkeys/add", fields.get("then"), "no session: the sign-in form, which comes back here");
        fields.put("username", DemoData.ADA_EMAIL);
        fields.put("password", CognitoSignIn.DEMO_USERS.get(0).password());
        HttpResponse<String> signedIn = post(login + "/login", fields, null);
        assertEquals(302, signedIn.statusCode(), signedIn::body);
        String location = signedIn.headers().firstValue("location").orElseThrow();
        assertEquals("/passkeys/add?client_id=" + clientId + "&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8)
                + "&lang=en", location, "back to the page (in the sign-in's language), and no code for the app");

        HttpResponse<String> page = getWithCookie(login + location, sessionOf(signedIn));
        assertEquals(200, page.statusCode(), page::body);
        assertTrue(page.body().contains("id=\"passkey-add\""), page.body());
        assertTrue(page.body().contains("id=\"passkey-back\" href=\"" + redirectUri + "\""), "the way back without adding one");
        String policy = page.headers().firstValue("content-security-policy").orElseThrow();
        assertTrue(policy.contains("script-src 'self'") && policy.contains("connect-src 'self'") && !policy.contains("unsafe"), policy);
    }

    @Test
    void the_add_a_passkey_pages_requests_take_only_its_own_script_with_a_session_and_say_why_cognito_refused() throws Exception {
        HttpResponse<String> form = get(addPasskeyUrl(redirectUri));
        Map<String, String> fields = hiddenFields(form.body());
        fields.put("username", DemoData.ADA_EMAIL);
        fields.put("password", CognitoSignIn.DEMO_USERS.get(0).password());
        String session = sessionOf(post(login + "/login", fields, null));

        assertEquals(403, postJson("/passkeys/add/options", "{}", "https://attacker.example", session).statusCode(), "another site's page");
        assertEquals(403, postJson("/passkeys/add/options", "{}", null, session).statusCode(), "no origin said");
        assertEquals(401, postJson("/passkeys/add/options", "{}", named, null).statusCode(), "no session");

        HttpResponse<String> options = postJson("/passkeys/add/options", "{}", named, session);
        assertEquals(200, options.statusCode(), options::body);
        JsonNode publicKey = JSON.readTree(options.body()).path("publicKey");
        assertEquals("login.localhost", publicKey.path("rp").path("id").asText(), "the sign-in's own host is the relying party");
        assertFalse(publicKey.path("challenge").asText().isEmpty());

        HttpResponse<String> bogus = postJson("/passkeys/add/complete", "{\"credential\": {\"id\": \"x\", \"type\": \"public-key\"}}", named, session);
        assertEquals(400, bogus.statusCode());
        assertEquals("The passkey was not added: The credential is not a WebAuthn registration response.",
                JSON.readTree(bogus.body()).path("message").asText());
        assertEquals(400, postJson("/passkeys/add/complete", "not json", named, session).statusCode());
    }
}

package dev.myprofile.securityinfo.entrypoints;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.http.Api;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.Responses;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.myprofile.securityinfo.entrypoints.Calls.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Changing the email address with our own code, through the real handlers against moto: the code
 * goes to the new address (read back from moto's SES), Cognito ends up with the new address verified,
 * and the notice goes to the old one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailVerificationApiTest {
    private static final String SENDER = "security@myprofile.test";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestEnvironment env;
    private CognitoPool pool;
    private ApiContract.Checked send;
    private ApiContract.Checked verify;

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
        pool = CognitoPool.create(env.moto().endpoint());
        CognitoPool.allowSender(env.moto().endpoint(), SENDER);
        Map<String, String> settings = new HashMap<>(pool.settings());
        settings.put("SES_ENDPOINT", env.moto().endpoint().toString());
        settings.put("NOTIFICATION_SENDER", SENDER);
        // The codes' key from Parameter Store, as deployed (never in the environment).
        dev.myprofile.testkit.Moto.putSecureParameter(env.moto().endpoint(), "/myprofile/test/verification-code-key", "a-test-key-of-at-least-thirty-two-bytes!");
        settings.put("VERIFICATION_CODE_KEY_PARAMETER", "/myprofile/test/verification-code-key");
        settings.put("SSM_ENDPOINT", env.moto().endpoint().toString());
        Api api = env.api(settings, Clock.systemUTC());
        send = ApiContract.checked(new PostEmailHandler(api));
        verify = ApiContract.checked(new PostEmailVerifyHandler(api));
    }

    @AfterAll
    void stop() {
        pool.close();
        env.close();
    }

    /** Moto's SES record of what went to {@code address}: subject and body of each. */
    private List<JsonNode> mailTo(String address) throws Exception {
        String state = HttpClient.newHttpClient().send(HttpRequest.newBuilder(env.moto().endpoint().resolve("/moto-api/data.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        List<JsonNode> mail = new ArrayList<>();
        for (JsonNode message : MAPPER.readTree(state).path("ses").path("Message")) {
            if (message.path("destinations").path("ToAddresses").toString().contains("\"" + address + "\"")) {
                mail.add(message);
            }
        }
        return mail;
    }

    @Test
    void the_email_is_changed_with_the_code_sent_to_the_new_address_and_the_old_one_is_told() throws Exception {
        CognitoPool.User user = pool.newUser("Mover");
        String token = pool.signIn(user);
        String fresh = "moved-" + System.nanoTime() + "@fabrikam.example";

        APIGatewayV2HTTPResponse sent = send.handleRequest(event("post-me-security-info-email", token,
                "{\"email\":\"" + fresh + "\"}"), new TestContext());
        assertEquals(202, sent.getStatusCode(), sent::getBody);
        List<JsonNode> toNew = mailTo(fresh);
        assertEquals(1, toNew.size());
        String code = toNew.get(0).path("body").asText().substring(0, 6);
        assertFalse(sent.getBody().contains(code));

        Responses.problem(verify.handleRequest(event("post-me-security-info-email-verify", token,
                "{\"code\":\"" + (code.equals("000000") ? "111111" : "000000") + "\"}"), new TestContext()), 400);
        APIGatewayV2HTTPResponse verified = verify.handleRequest(event("post-me-security-info-email-verify", token,
                "{\"code\":\"" + code + "\"}"), new TestContext());

        assertEquals(200, verified.getStatusCode(), verified::getBody);
        // moto keys a pool's users by email when the email is the sign-in name, so it is found by the new one
        // (Cognito keeps the username, a UUID, and the token working).
        var attributes = pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(fresh)).userAttributes();
        assertTrue(attributes.stream().anyMatch(a -> a.name().equals("email") && a.value().equals(fresh)), attributes::toString);
        assertTrue(attributes.stream().anyMatch(a -> a.name().equals("email_verified") && a.value().equals("true")));
        assertTrue(mailTo(user.email()).stream().anyMatch(m -> m.path("subject").asText().equals("The email address of your account was changed")),
                "the notice goes to the address the account had");
    }

    @Test
    void a_swedish_reader_gets_the_code_email_and_the_notice_to_the_old_address_in_swedish() throws Exception {
        CognitoPool.User user = pool.newUser("Svensk Flyttare");
        String token = pool.signIn(user);
        String fresh = "flyttad-" + System.nanoTime() + "@fabrikam.example";
        var sending = event("post-me-security-info-email", token, "{\"email\":\"" + fresh + "\"}");
        sending.getHeaders().put("accept-language", "da, sv;q=0.9, en;q=0.5");

        assertEquals(202, send.handleRequest(sending, new TestContext()).getStatusCode());
        JsonNode codeMail = mailTo(fresh).get(0);
        String code = codeMail.path("body").asText().substring(0, 6);
        assertEquals("Din kod för My Profile: " + code, codeMail.path("subject").asText());
        assertTrue(codeMail.path("body").asText().startsWith(code + " är koden som bekräftar din nya e-postadress i My Profile."),
                codeMail.path("body").asText());

        var verifying = event("post-me-security-info-email-verify", token, "{\"code\":\"" + code + "\"}");
        verifying.getHeaders().put("accept-language", "sv-SE");
        assertEquals(200, verify.handleRequest(verifying, new TestContext()).getStatusCode());
        JsonNode notice = mailTo(user.email()).stream()
                .filter(m -> m.path("subject").asText().equals("E-postadressen för ditt konto ändrades")).findFirst()
                .orElseThrow(() -> new AssertionError("no Swedish notice to the old address"));
        assertTrue(notice.path("body").asText().contains("Det här meddelandet går till adressen du hade."), notice.path("body").asText());
    }

    /** Changes the user's address with the code sent to it; the verify's answer. */
    private APIGatewayV2HTTPResponse changeEmail(String token, String fresh) throws Exception {
        assertEquals(202, send.handleRequest(event("post-me-security-info-email", token, "{\"email\":\"" + fresh + "\"}"),
                new TestContext()).getStatusCode());
        String code = mailTo(fresh).get(0).path("body").asText().substring(0, 6);
        return verify.handleRequest(event("post-me-security-info-email-verify", token, "{\"code\":\"" + code + "\"}"),
                new TestContext());
    }

    private Map<String, AttributeValue> profileItem(CognitoPool.User user) {
        return env.platform().dynamo().getItem(r -> r.tableName(env.table()).consistentRead(true)
                .key(Items.key(UserKey.of(pool.issuer(), user.sub()), "PROFILE"))).item();
    }

    /**
     * The profile keeps the address the Overview shows, the export holds and the organization notices
     * go to: a change here puts the new one there too (with a new version, so an edit open elsewhere
     * is asked about), and a person with no profile yet gets none made of an address alone.
     */
    @Test
    void a_new_address_goes_on_the_profile_too_and_no_profile_is_made_for_it() throws Exception {
        CognitoPool.User user = pool.newUser("Profiled");
        String token = pool.signIn(user);
        UserKey key = UserKey.of(pool.issuer(), user.sub());
        Map<String, AttributeValue> profile = new HashMap<>(Items.key(key, "PROFILE"));
        profile.put("displayName", Items.s("Profiled"));
        profile.put("email", Items.s(user.email()));
        profile.put("version", Items.n(3));
        profile.put("createdAt", Items.s("2026-01-01T00:00:00Z"));
        profile.put("updatedAt", Items.s("2026-01-01T00:00:00Z"));
        env.platform().dynamo().putItem(r -> r.tableName(env.table()).item(profile));
        String fresh = "profiled-" + System.nanoTime() + "@fabrikam.example";

        assertEquals(200, changeEmail(token, fresh).getStatusCode());

        Map<String, AttributeValue> after = profileItem(user);
        assertEquals(fresh, after.get("email").s());
        assertEquals("4", after.get("version").n());
        assertEquals("Profiled", after.get("displayName").s(), "the rest of the profile as it was");

        CognitoPool.User newcomer = pool.newUser("No Profile Yet");
        APIGatewayV2HTTPResponse changed = changeEmail(pool.signIn(newcomer), "newcomer-" + System.nanoTime() + "@fabrikam.example");
        assertEquals(200, changed.getStatusCode(), changed::getBody);
        assertTrue(profileItem(newcomer).isEmpty(), "no profile made of an address alone");
    }

    @Test
    void the_same_address_is_a_field_error_and_a_second_code_within_a_minute_is_429() throws Exception {
        CognitoPool.User user = pool.newUser("Same Address");
        String token = pool.signIn(user);
        String fresh = "again-" + System.nanoTime() + "@fabrikam.example";

        JsonNode same = Responses.problem(send.handleRequest(event("post-me-security-info-email", token,
                "{\"email\":\"" + user.email() + "\"}"), new TestContext()), 400);
        assertEquals(202, send.handleRequest(event("post-me-security-info-email", token, "{\"email\":\"" + fresh + "\"}"),
                new TestContext()).getStatusCode());
        APIGatewayV2HTTPResponse again = send.handleRequest(event("post-me-security-info-email", token,
                "{\"email\":\"" + fresh + "\"}"), new TestContext());

        assertEquals("email", same.path("errors").path(0).path("field").asText());
        Responses.problem(again, 429);
        assertTrue(Responses.header(again, "Retry-After") != null);
        assertEquals(1, mailTo(fresh).size());
    }
}

package dev.myprofile.securityinfo.entrypoints;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.myprofile.shared.http.Api;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.MutableClock;
import dev.myprofile.testkit.Responses;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.myprofile.securityinfo.entrypoints.Calls.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The codes' key comes from Parameter Store (a SecureString named by VERIFICATION_CODE_KEY_PARAMETER),
 * never from the environment: read when the function is built (once per container), and, while the
 * parameter is missing, asked for again at most once a minute, so creating it later needs no new version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerificationCodeKeyApiTest {
    private static final Pattern CODE = Pattern.compile("(\\d{6}) (is your|är din)");

    private TestEnvironment env;
    private CognitoPool pool;
    private final MutableClock clock = MutableClock.ticking();
    private final String parameter = "/myprofile/key-test-" + System.nanoTime() + "/verification-code-key";
    private ApiContract.Checked send;
    private ApiContract.Checked verify;

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
        pool = CognitoPool.create(env.moto().endpoint());
        Map<String, String> settings = new HashMap<>(pool.settings());
        settings.put("SNS_ENDPOINT", env.moto().endpoint().toString());
        settings.put("SSM_ENDPOINT", env.moto().endpoint().toString());
        settings.put("VERIFICATION_CODE_KEY_PARAMETER", parameter);
        // A key in the environment is not a key: only the parameter's counts.
        settings.put("VERIFICATION_CODE_KEY", "an-environment-key-of-more-than-32-bytes");
        Api api = env.api(settings, clock);
        send = ApiContract.checked(new PostPhoneHandler(api));
        verify = ApiContract.checked(new PostPhoneVerifyHandler(api));
    }

    @AfterAll
    void stop() {
        pool.close();
        env.close();
    }

    private APIGatewayV2HTTPResponse sendTo(String token, String number) {
        return send.handleRequest(event("post-me-security-info-phone", token, "{\"phoneNumber\":\"" + number + "\"}"), new TestContext());
    }

    private String lastCodeTo(String number) throws Exception {
        String state = HttpClient.newHttpClient().send(HttpRequest.newBuilder(env.moto().endpoint().resolve("/moto-api/data.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String code = null;
        for (var sms : new com.fasterxml.jackson.databind.ObjectMapper().readTree(state).path("sns").path("SMS")) {
            Matcher m = CODE.matcher(sms.path("message").asText());
            if (sms.path("phone_number").asText().equals(number) && m.find()) {
                code = m.group(1);
            }
        }
        assertTrue(code != null, "no code texted to " + number);
        return code;
    }

    @Test
    void the_key_is_the_parameters_read_once_and_a_missing_one_is_asked_for_again_a_minute_later() throws Exception {
        CognitoPool.User user = pool.newUser("Key Person");
        String token = pool.signIn(user);
        String number = "+4670" + String.format("%07d", System.nanoTime() % 10_000_000);

        // No parameter yet: not set up (the environment's key is not used), problem+json, never a 500.
        var missing = Responses.problem(sendTo(token, number), 503);
        assertEquals("Phone verification is not set up", missing.path("title").asText());

        // Created now: a request within the minute does not ask SSM again.
        Moto.putSecureParameter(env.moto().endpoint(), parameter, "the-parameter-stores-key-of-32-bytes-or-more");
        Responses.problem(sendTo(token, number), 503);

        clock.advance(Duration.ofSeconds(61));
        APIGatewayV2HTTPResponse sent = sendTo(token, number);
        assertEquals(202, sent.getStatusCode(), sent::getBody);
        String code = lastCodeTo(number);

        APIGatewayV2HTTPResponse verified = verify.handleRequest(event("post-me-security-info-phone-verify", token,
                "{\"code\":\"" + code + "\"}"), new TestContext());
        assertEquals(201, verified.getStatusCode(), verified::getBody);

        // Read once per container: a value in the store that is no key at all (too short) changes nothing here.
        Moto.putSecureParameter(env.moto().endpoint(), parameter, "not-a-key");
        clock.advance(Duration.ofMinutes(5));
        String another = pool.signIn(pool.newUser("Key Person Two"));
        APIGatewayV2HTTPResponse again = sendTo(another, number.substring(0, number.length() - 1) + "9");
        assertEquals(202, again.getStatusCode(), again::getBody);
    }
}

package dev.myprofile.securityinfo.entrypoints;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.http.Api;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.MutableClock;
import dev.myprofile.testkit.Responses;
import dev.myprofile.testkit.TestEnvironment;
import dev.myprofile.testkit.Totp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.myprofile.securityinfo.entrypoints.Calls.event;
import static dev.myprofile.securityinfo.entrypoints.Calls.methodEvent;
import static dev.myprofile.securityinfo.entrypoints.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every change route of the Security info page (template.yaml's, passkeys aside: PasskeysApiTest covers
 * theirs) through the real handlers against moto: each demands a recent sign-in and changes nothing
 * without one, and a rename tells the address on file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChangeRoutesApiTest {
    private static final String SENDER = "security@myprofile.test";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern TEXTED_CODE = Pattern.compile("(\\d{6}) is your");
    private static final AtomicLong NUMBERS = new AtomicLong(System.nanoTime() % 1_000_000);

    private TestEnvironment env;
    private CognitoPool pool;
    /** Eleven minutes on from now, following the system clock: every sign-in of this test is older than 10 minutes. */
    private final MutableClock later = MutableClock.ticking();
    /** The pipeline the changes are set up on: the same clock, with an hour's step-up so the set-up passes. */
    private Api setUp;
    /** The pipeline under test: the same clock, the deployed 10 minutes' step-up. */
    private Api stale;

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
        pool = CognitoPool.create(env.moto().endpoint());
        CognitoPool.allowSender(env.moto().endpoint(), SENDER);
        later.advance(Duration.ofMinutes(11));
        Map<String, String> settings = new HashMap<>(pool.settings());
        settings.put("SES_ENDPOINT", env.moto().endpoint().toString());
        settings.put("NOTIFICATION_SENDER", SENDER);
        settings.put("SNS_ENDPOINT", env.moto().endpoint().toString());
        // The codes' key from Parameter Store, as deployed (never in the environment).
        dev.myprofile.testkit.Moto.putSecureParameter(env.moto().endpoint(), "/myprofile/test/verification-code-key", "a-test-key-of-at-least-thirty-two-bytes!");
        settings.put("VERIFICATION_CODE_KEY_PARAMETER", "/myprofile/test/verification-code-key");
        settings.put("SSM_ENDPOINT", env.moto().endpoint().toString());
        stale = env.api(settings, later);
        settings.put("STEP_UP_MAX_AGE_SECONDS", "3600");
        setUp = env.api(settings, later);
    }

    @AfterAll
    void stop() {
        pool.close();
        env.close();
    }

    // --- requests ------------------------------------------------------------------------------

    private static String newNumber() {
        return "+4673" + String.format("%07d", NUMBERS.incrementAndGet() % 10_000_000);
    }

    private static String newAddress() {
        return "new-" + System.nanoTime() + "@fabrikam.example";
    }

    // --- setting a user up (on the long step-up) -------------------------------------------------

    /** Starts adding an authenticator app; returns the secret. */
    private String startApp(String token) {
        APIGatewayV2HTTPResponse started = call(ApiContract.checked(new PostAuthenticatorAppHandler(setUp)),
                event("post-me-security-info-authenticator-app", token, null));
        assertEquals(200, started.getStatusCode(), started::getBody);
        return Responses.json(started).path("secret").asText();
    }

    private void addApp(String token) {
        String secret = startApp(token);
        APIGatewayV2HTTPResponse verified = call(ApiContract.checked(new PostAuthenticatorAppVerifyHandler(setUp)),
                event("post-me-security-info-authenticator-app-verify", token,
                        "{\"code\":\"" + Totp.freshCode(secret) + "\",\"name\":\"Pixel\"}"));
        assertEquals(201, verified.getStatusCode(), verified::getBody);
    }

    /** Texts a code to a new number; returns the code. */
    private String textCode(String token, String number) throws Exception {
        APIGatewayV2HTTPResponse sent = call(ApiContract.checked(new PostPhoneHandler(setUp)),
                event("post-me-security-info-phone", token, "{\"phoneNumber\":\"" + number + "\"}"));
        assertEquals(202, sent.getStatusCode(), sent::getBody);
        List<String> texts = textsTo(number);
        Matcher m = TEXTED_CODE.matcher(texts.get(texts.size() - 1));
        assertTrue(m.find(), texts::toString);
        return m.group(1);
    }

    private void addPhone(String token) throws Exception {
        String code = textCode(token, newNumber());
        APIGatewayV2HTTPResponse verified = call(ApiContract.checked(new PostPhoneVerifyHandler(setUp)),
                event("post-me-security-info-phone-verify", token, "{\"code\":\"" + code + "\",\"name\":\"Work phone\"}"));
        assertEquals(201, verified.getStatusCode(), verified::getBody);
    }

    /** Emails a code to a new address; returns the code. */
    private String emailCode(String token, String address) throws Exception {
        APIGatewayV2HTTPResponse sent = call(ApiContract.checked(new PostEmailHandler(setUp)),
                event("post-me-security-info-email", token, "{\"email\":\"" + address + "\"}"));
        assertEquals(202, sent.getStatusCode(), sent::getBody);
        List<JsonNode> mail = mailTo(address);
        return mail.get(mail.size() - 1).path("body").asText().substring(0, 6);
    }

    // --- what there is to see ------------------------------------------------------------------

    private JsonNode motoState() throws Exception {
        return MAPPER.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(env.moto().endpoint().resolve("/moto-api/data.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Moto's SES record of what went to {@code address}. */
    private List<JsonNode> mailTo(String address) throws Exception {
        List<JsonNode> mail = new ArrayList<>();
        for (JsonNode message : motoState().path("ses").path("Message")) {
            if (message.path("destinations").path("ToAddresses").toString().contains("\"" + address + "\"")) {
                mail.add(message);
            }
        }
        return mail;
    }

    /** Moto's SNS record of the text messages to {@code number}, oldest first. */
    private List<String> textsTo(String number) throws Exception {
        List<String> texts = new ArrayList<>();
        for (JsonNode sms : motoState().path("sns").path("SMS")) {
            if (sms.path("phone_number").asText().equals(number)) {
                texts.add(sms.path("message").asText());
            }
        }
        return texts;
    }

    /**
     * All there is of a user: every item of their partition (methods, codes, activity, limits), what Cognito
     * keeps (attributes, MFA settings, status, last change), whether their password still signs in, and
     * every email and text message sent to the addresses and numbers at stake.
     */
    private record State(List<Map<String, AttributeValue>> items, long writesCounted, String cognito, String password,
                         Map<String, List<JsonNode>> mail, Map<String, List<String>> texts) {}

    /**
     * The pipeline counts every signed-in write toward the per-user write limit before any handler runs
     * ({@code RATE#writes#<window>}), refused or not: that count is kept apart, summed over its windows.
     */
    private static boolean writeCount(Map<String, AttributeValue> item) {
        return item.get("sk").s().startsWith("RATE#writes#");
    }

    /** The user as Cognito keeps them, by the address they signed up with or, once it has changed, the new one. */
    private AdminGetUserResponse cognitoUser(CognitoPool.User user, Request request) {
        for (String address : request.otherAddresses()) {
            try {
                return pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(address));
            } catch (UserNotFoundException notThisOne) {
                // not changed to this one (yet)
            }
        }
        return pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(user.email()));
    }

    private State state(CognitoPool.User user, Request request) throws Exception {
        List<Map<String, AttributeValue>> items = env.moto().dynamo().query(r -> r.tableName(env.table()).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", Items.s(UserKey.of(pool.issuer(), user.sub()).partition())))).items();
        var cognito = cognitoUser(user, request);
        String kept = new TreeMap<>(cognito.userAttributes().stream().collect(java.util.stream.Collectors.toMap(
                a -> a.name(), a -> a.value()))) + " enabled=" + cognito.enabled() + " status=" + cognito.userStatusAsString()
                + " preferred=" + cognito.preferredMfaSetting() + " mfa=" + cognito.userMFASettingList()
                + " options=" + cognito.mfaOptions() + " modified=" + cognito.userLastModifiedDate();
        String password;
        try {
            var answer = pool.cognito.initiateAuth(r -> r.clientId(pool.clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", user.email(), "PASSWORD", user.password())));
            password = answer.authenticationResult() != null ? "signs in" : "signs in, challenged " + answer.challengeNameAsString();
        } catch (NotAuthorizedException e) {
            password = "refused";
        } catch (UserNotFoundException e) {
            password = "no longer signs in by that address";
        }
        Map<String, List<JsonNode>> mail = new TreeMap<>();
        for (String address : request.addresses(user)) {
            mail.put(address, mailTo(address));
        }
        Map<String, List<String>> texts = new TreeMap<>();
        for (String number : request.numbers()) {
            texts.put(number, textsTo(number));
        }
        return new State(items.stream().filter(i -> !writeCount(i)).toList(),
                items.stream().filter(ChangeRoutesApiTest::writeCount).mapToLong(i -> Long.parseLong(i.get("hits").n())).sum(),
                kept, password, mail, texts);
    }

    // --- step-up -------------------------------------------------------------------------------

    /** A request set up so that on a fresh sign-in it would change something; and the addresses and numbers at stake. */
    private record Request(APIGatewayV2HTTPEvent event, List<String> otherAddresses, List<String> numbers) {
        List<String> addresses(CognitoPool.User user) {
            return Stream.concat(Stream.of(user.email()), otherAddresses.stream()).toList();
        }
    }

    @FunctionalInterface
    private interface Preparation {
        Request prepare(CognitoPool.User user, String token) throws Exception;
    }

    /** A change route: its handler on a pipeline, and how a user is set up for a request that would change something. */
    private record Route(String name, Function<Api, ApiContract.Checked> handler,
                         Preparation preparation) {
        @Override
        public String toString() {
            return name;
        }
    }

    Stream<Route> changeRoutes() {
        return Stream.of(
                new Route("PUT /me/security-info/default-method", api -> ApiContract.checked(new PutDefaultMethodHandler(api)), (user, token) -> {
                    addApp(token); // the default
                    addPhone(token);
                    return new Request(event("put-me-security-info-default-method", token, "{\"methodId\":\"phone\"}"), List.of(), List.of());
                }),
                new Route("PATCH /me/security-info/methods/{methodId}", api -> ApiContract.checked(new PatchMethodHandler(api)), (user, token) -> {
                    addApp(token);
                    return new Request(methodEvent("patch-me-security-info-method", token, "authenticator-app", "{\"name\":\"Renamed\"}"),
                            List.of(), List.of());
                }),
                new Route("DELETE /me/security-info/methods/{methodId}", api -> ApiContract.checked(new DeleteMethodHandler(api)), (user, token) -> {
                    addApp(token);
                    return new Request(methodEvent("delete-me-security-info-method", token, "authenticator-app", null), List.of(), List.of());
                }),
                new Route("POST /me/security-info/password", api -> ApiContract.checked(new PostPasswordHandler(api)), (user, token) -> new Request(
                        event("post-me-security-info-password", token,
                                MAPPER.writeValueAsString(Map.of("currentPassword", user.password(), "newPassword", "Lighthouse-Keeper-Of-1907"))),
                        List.of(), List.of())),
                new Route("POST /me/security-info/phone", api -> ApiContract.checked(new PostPhoneHandler(api)), (user, token) -> {
                    String number = newNumber();
                    return new Request(event("post-me-security-info-phone", token, "{\"phoneNumber\":\"" + number + "\"}"),
                            List.of(), List.of(number));
                }),
                new Route("POST /me/security-info/phone/verify", api -> ApiContract.checked(new PostPhoneVerifyHandler(api)), (user, token) -> {
                    String number = newNumber();
                    String code = textCode(token, number);
                    return new Request(event("post-me-security-info-phone-verify", token, "{\"code\":\"" + code + "\"}"),
                            List.of(), List.of(number));
                }),
                new Route("POST /me/security-info/email", api -> ApiContract.checked(new PostEmailHandler(api)), (user, token) -> {
                    String address = newAddress();
                    return new Request(event("post-me-security-info-email", token, "{\"email\":\"" + address + "\"}"),
                            List.of(address), List.of());
                }),
                new Route("POST /me/security-info/email/verify", api -> ApiContract.checked(new PostEmailVerifyHandler(api)), (user, token) -> {
                    String address = newAddress();
                    String code = emailCode(token, address);
                    return new Request(event("post-me-security-info-email-verify", token, "{\"code\":\"" + code + "\"}"),
                            List.of(address), List.of());
                }),
                new Route("POST /me/security-info/authenticator-app", api -> ApiContract.checked(new PostAuthenticatorAppHandler(api)), (user, token) -> new Request(
                        event("post-me-security-info-authenticator-app", token, null), List.of(), List.of())),
                new Route("POST /me/security-info/authenticator-app/verify", api -> ApiContract.checked(new PostAuthenticatorAppVerifyHandler(api)), (user, token) -> {
                    String secret = startApp(token);
                    return new Request(event("post-me-security-info-authenticator-app-verify", token,
                            "{\"code\":\"" + Totp.freshCode(secret) + "\",\"name\":\"Pixel\"}"), List.of(), List.of());
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changeRoutes")
    void without_a_recent_sign_in_a_change_is_a_401_challenge_and_nothing_changes(Route route) throws Exception {
        CognitoPool.User user = pool.newUser("Stale " + route.name().hashCode());
        String token = pool.signIn(user);
        Request request = route.preparation().prepare(user, token);
        State before = state(user, request);

        APIGatewayV2HTTPResponse answer = call(route.handler().apply(stale), request.event());

        JsonNode problem = Responses.problem(answer, 401);
        String challenge = Responses.header(answer, "WWW-Authenticate");
        assertTrue(challenge.contains("insufficient_user_authentication"), challenge);
        assertTrue(challenge.contains("max_age=600"), challenge);
        assertEquals(600, problem.path("maxAge").asInt(), problem::toString);
        State after = state(user, request);
        assertEquals(before.items(), after.items(), "the user's items, activity among them");
        assertEquals(before.writesCounted() + 1, after.writesCounted(), "the attempt counted toward the write limit, and only that");
        assertEquals(before.cognito(), after.cognito(), "what Cognito keeps");
        assertTrue(before.password().startsWith("signs in"), before::password);
        assertEquals(before.password(), after.password(), "the password");
        assertEquals(before.mail(), after.mail(), "no email");
        assertEquals(before.texts(), after.texts(), "no text message");
    }

    // --- Idempotency-Key --------------------------------------------------------------------------

    /** SECURITY.md: the POSTs that send a message or create something take an Idempotency-Key. */
    Stream<Route> idempotentRoutes() {
        Set<String> posts = Set.of("POST /me/security-info/password", "POST /me/security-info/phone",
                "POST /me/security-info/phone/verify", "POST /me/security-info/email", "POST /me/security-info/email/verify",
                "POST /me/security-info/authenticator-app/verify");
        return changeRoutes().filter(route -> posts.contains(route.name()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("idempotentRoutes")
    void a_repeat_with_the_same_Idempotency_Key_answers_as_the_first_time_and_changes_and_sends_nothing(Route route) throws Exception {
        CognitoPool.User user = pool.newUser("Retry " + route.name().hashCode());
        String token = pool.signIn(user);
        Request request = route.preparation().prepare(user, token);
        request.event().getHeaders().put("idempotency-key", "retry-" + UUID.randomUUID());
        ApiContract.Checked handler = route.handler().apply(setUp);

        APIGatewayV2HTTPResponse first = call(handler, request.event());
        assertEquals(2, first.getStatusCode() / 100, first::getBody);
        State done = state(user, request);
        APIGatewayV2HTTPResponse repeat = call(handler, request.event());

        assertEquals(first.getStatusCode(), repeat.getStatusCode(), repeat::getBody);
        assertEquals(first.getBody(), repeat.getBody());
        assertEquals(first.getHeaders().get("Location"), repeat.getHeaders().get("Location"));
        State after = state(user, request);
        assertEquals(done.items(), after.items(), "the user's items: the one activity entry, the codes and limits as they were");
        assertEquals(done.cognito(), after.cognito(), "what Cognito keeps");
        assertEquals(done.password(), after.password(), "the password");
        assertEquals(done.mail(), after.mail(), "no second email");
        assertEquals(done.texts(), after.texts(), "no second text message");

        // Without a key the same request is handled afresh, as it always was: its work is done, so it is refused.
        request.event().getHeaders().remove("idempotency-key");
        APIGatewayV2HTTPResponse keyless = call(handler, request.event());
        assertEquals(4, keyless.getStatusCode() / 100, keyless::getBody);
    }

    // --- notices -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"authenticator-app", "phone"})
    void renaming_a_method_emails_one_notice_to_the_address_on_file(String methodId) throws Exception {
        CognitoPool.User user = pool.newUser("Renames " + methodId);
        String token = pool.signIn(user);
        if (methodId.equals("phone")) {
            addPhone(token);
        } else {
            addApp(token);
        }
        int before = mailTo(user.email()).size();

        APIGatewayV2HTTPResponse renamed = call(ApiContract.checked(new PatchMethodHandler(setUp)),
                methodEvent("patch-me-security-info-method", token, methodId, "{\"name\":\"Renamed\"}"));

        assertEquals(200, renamed.getStatusCode(), renamed::getBody);
        List<JsonNode> mail = mailTo(user.email());
        assertEquals(before + 1, mail.size(), mail::toString);
        assertEquals(Notice.METHOD_RENAMED.subject(), mail.get(mail.size() - 1).path("subject").asText());
        assertEquals(1, mail.stream().filter(m -> m.path("subject").asText().equals(Notice.METHOD_RENAMED.subject())).count());
    }

    @Test
    void a_notice_names_the_method_s_kind_and_name_and_says_when_in_the_reader_s_language_and_zone() throws Exception {
        CognitoPool.User user = pool.newUser("Reads Swedish");
        String token = pool.signIn(user);
        addApp(token);
        APIGatewayV2HTTPEvent event = methodEvent("patch-me-security-info-method", token, "authenticator-app",
                "{\"name\":\"Jobbtelefonen\"}");
        event.getHeaders().put("accept-language", "sv");

        APIGatewayV2HTTPResponse renamed = call(ApiContract.checked(new PatchMethodHandler(setUp)), event);

        assertEquals(200, renamed.getStatusCode(), renamed::getBody);
        List<JsonNode> mail = mailTo(user.email());
        JsonNode notice = mail.get(mail.size() - 1);
        assertEquals("En inloggningsmetod på ditt konto fick nytt namn", notice.path("subject").asText());
        String body = notice.path("body").asText();
        assertTrue(body.startsWith("Autentiseringsappen \u201dJobbtelefonen\u201d i din säkerhetsinformation fick sitt namn "), body);
        assertTrue(java.util.regex.Pattern.compile("\\d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober"
                + "|november|december) \\d{4} \\d{2}:\\d{2} UTC\\.").matcher(body).find(), body);
        assertFalse(java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}T").matcher(body).find(), "no ISO time: " + body);

        // The added notice, in English by default, names the kind and the name too.
        JsonNode added = mail.stream().filter(m -> m.path("subject").asText().equals(Notice.METHOD_ADDED.subject()))
                .reduce((a, b) -> b).orElseThrow();
        assertTrue(added.path("body").asText().startsWith("The authenticator app \u201cPixel\u201d was added to your security info on "),
                added.path("body").asText());
        assertTrue(added.path("body").asText().contains(" UTC."), added.path("body").asText());
    }
}

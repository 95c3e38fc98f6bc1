package dev.myprofile.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Browser;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.SamTemplate;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import dev.myprofile.sessions.closing.AccountClosing;
import dev.myprofile.shared.auth.DynamoSignOuts;
import dev.myprofile.shared.dynamodb.UserKey;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The device-registration path end to end, as in a Cognito deployment (issue 21): the registration
 * client gets a client-credentials token at the local sign-in, registers a person's device through
 * the API and reports a sign-in on it; the person sees the device in their own list. Other tokens and
 * clients change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceRegistrationClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ApiContract.Recorder exchanges = ApiContract.recorder();
    /** Every API exchange, "METHOD path status", from the portal's start on (the demo data's included). */
    private final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalPortal portal;
    private CognitoSignIn cognito;

    private Instant beforeStart;
    private Instant afterStart;

    @BeforeAll
    void start() throws IOException {
        beforeStart = Instant.now();
        // Every sign-in is recorded (no granularity), so the one reported right after registering shows.
        portal = LocalPortal.start(0, Optional.of(Moto.shared().endpoint()), LocalPortal.SignIn.COGNITO,
                Map.of("DEVICE_ACTIVITY_GRANULARITY_SECONDS", "0"), (event, response) -> {
                    exchanges.accept(event, response);
                    seen.add(event.getRequestContext().getHttp().getMethod() + " " + event.getRawPath() + " " + response.getStatusCode());
                }, Clock.systemUTC());
        cognito = (CognitoSignIn) portal.identity();
        afterStart = Instant.now();
    }

    @AfterAll
    void stop() {
        portal.close();
        exchanges.assertKept();
    }

    private DeviceRegistrationClient client(String secret) {
        var service = cognito.pool().deviceService();
        return new DeviceRegistrationClient(URI.create(cognito.tokenEndpointFromJava()), service.clientId(), secret,
                URI.create(portal.url()));
    }

    private String sub(String email) {
        return cognito.pool().cognito().adminGetUser(r -> r.userPoolId(cognito.pool().poolId()).username(email))
                .userAttributes().stream().filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
    }

    /** The person's own access token from the web app's client, as the Devices page has it. */
    private String personsToken(String email, String password) {
        return cognito.pool().cognito().initiateAuth(r -> r.clientId(cognito.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", email, "PASSWORD", password))).authenticationResult().accessToken();
    }

    private HttpResponse<String> api(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(portal.url() + path.substring(1)))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A new person in the pool: their email, subject and password. */
    private record Person(String email, String sub, String password) {}

    private Person newPerson(String name) {
        String email = name + "-" + System.nanoTime() % 1_000_000 + "@contoso.example";
        String password = "Correct-Horse-Battery-" + name;
        String pool = cognito.pool().poolId();
        var created = cognito.pool().cognito().adminCreateUser(r -> r.userPoolId(pool).username(email).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(AttributeType.builder().name("email").value(email).build(),
                        AttributeType.builder().name("email_verified").value("true").build()));
        cognito.pool().cognito().adminSetUserPassword(r -> r.userPoolId(pool).username(email).password(password).permanent(true));
        return new Person(email, created.user().attributes().stream().filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value(),
                password);
    }

    /** The sort keys of everything in the person's partition. */
    private List<String> partition(DynamoDbClient dynamo, UserKey user) {
        return dynamo.query(r -> r.tableName(LocalPortal.TABLE).consistentRead(true).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(user.partition()))))
                .items().stream().map(item -> item.get("sk").s()).toList();
    }

    private JsonNode device(JsonNode list, String id) {
        for (JsonNode device : list.path("devices")) {
            if (device.path("id").asText().equals(id)) {
                return device;
            }
        }
        return null;
    }

    @Test
    void the_client_registers_a_persons_device_reports_a_sign_in_and_the_person_sees_it() throws Exception {
        DeviceRegistrationClient client = client(cognito.pool().deviceService().clientSecret());
        String grace = sub("grace@contoso.example");

        // The token is Cognito's form for a client: its own subject, the registration scope, no person.
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(client.accessToken().split("\\.")[1]));
        assertEquals(cognito.pool().deviceService().clientId(), claims.path("sub").asText());
        assertEquals("myprofile/devices.register", claims.path("scope").asText());
        assertEquals("access", claims.path("token_use").asText());
        assertFalse(claims.has("username"));

        var created = client.register(grace, new DeviceRegistrationClient.Device("g-laptop", "GRACE-LAPTOP", "Windows", "11 24H2", "joined"));
        assertEquals(201, created.status(), created.body()::toString);
        assertEquals(200, client.register(grace, new DeviceRegistrationClient.Device("g-laptop", "GRACE-LAPTOP", "Windows", "11 24H2",
                "joined")).status(), "a repeat refreshes");

        Thread.sleep(5);
        Instant signedIn = Instant.now();
        assertEquals("RECORDED", client.reportSignIn(grace, "g-laptop", signedIn));

        // Grace's own token lists it, with the sign-in as its last activity; the client's partition has nothing.
        String gracesToken = personsToken("grace@contoso.example", "Harvard-Mark-I-1944");
        HttpResponse<String> list = api("GET", "/me/devices", gracesToken, null);
        assertEquals(200, list.statusCode(), list::body);
        JsonNode laptop = device(JSON.readTree(list.body()), "g-laptop");
        assertTrue(laptop != null, list::body);
        assertEquals("GRACE-LAPTOP", laptop.path("displayName").asText());
        assertEquals("joined", laptop.path("trustType").asText());
        assertEquals(signedIn, Instant.parse(laptop.path("lastActiveAt").asText()));

        // And on her Devices page, which says the organization registered it.
        Browser session = Browser.start();
        try {
            session.driver().get(portal.url());
            DemoSignIn.atCognito(session, CognitoSignIn.DEMO_USERS.get(1));
            session.click(By.cssSelector("#nav-links a[data-route='/devices']"));
            session.waitFor().until(org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(By.id("device-name-g-laptop")));
            assertEquals("GRACE-LAPTOP", session.text(By.id("device-name-g-laptop")));
            assertTrue(session.text(By.cssSelector("#view .intro")).contains("your organization's device management has registered"),
                    () -> session.text(By.cssSelector("#view .intro")));
            // At a desktop's width and a phone's: axe-core's WCAG 2.1 A/AA rules find nothing, and a screenshot for a reviewer.
            for (int[] size : new int[][] {{1280, 800}, {390, 844}}) {
                session.resize(size[0], size[1]);
                var violations = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                        .analyze(session.driver()).getViolations();
                assertTrue(violations.isEmpty(), () -> "axe-core: " + violations.stream().map(v -> v.getId()).toList());
                session.screenshotWholePage("devices-registered-by-the-organization-en-" + size[0] + ".png", size[0], size[1]);
            }
            session.assertNoConsoleErrors();
        } finally {
            session.close();
        }
    }

    @Test
    void the_demo_devices_come_through_the_registration_client_and_the_persons_own_disable_with_their_history() throws Exception {
        // At the portal's start: each demo device registered by the service (201), Ada's disable of one (200).
        for (String id : DemoData.DEVICE_IDS) {
            assertTrue(seen.contains("PUT /me/devices/" + id + " 201"), () -> id + " in " + seen);
        }
        assertTrue(seen.contains("POST /me/devices/d-work-phone/disable 200"), seen::toString);
        // The seeding writes no device itself: the devices module is not even on its mind.
        String source = java.nio.file.Files.readString(dev.myprofile.testkit.Project.root()
                .resolve("local/src/main/java/dev/myprofile/local/DemoData.java"));
        assertFalse(source.contains("dev.myprofile.devices"), "DemoData writes no device items");

        // What Ada sees: the six devices with their history (enrolled months or years ago, last sign-ins as reported).
        String adasToken = personsToken(DemoData.ADA_EMAIL, CognitoSignIn.DEMO_USERS.get(0).password());
        JsonNode list = JSON.readTree(api("GET", "/me/devices", adasToken, null).body());
        assertEquals(6, list.path("devices").size(), list::toString);
        JsonNode laptop = device(list, "d-laptop");
        assertEquals("ADA-LAPTOP", laptop.path("displayName").asText());
        assertAgo(java.time.Duration.ofDays(400), laptop.path("registeredAt").asText());
        assertAgo(java.time.Duration.ofMinutes(5), laptop.path("lastActiveAt").asText());
        JsonNode oldLaptop = device(list, "d-old-laptop");
        assertAgo(java.time.Duration.ofDays(900), oldLaptop.path("registeredAt").asText());
        assertAgo(java.time.Duration.ofDays(120), oldLaptop.path("lastActiveAt").asText());
        JsonNode workPhone = device(list, "d-work-phone");
        assertFalse(workPhone.path("enabled").asBoolean(), workPhone::toString);
        assertEquals("user", workPhone.path("disabledBy").asText());
        assertAgo(java.time.Duration.ZERO, workPhone.path("disabledAt").asText());

        // Her history: six registrations by the device management, then her own disable from this machine.
        JsonNode activity = JSON.readTree(api("GET", "/me/activity", adasToken, null).body());
        List<JsonNode> entries = new java.util.ArrayList<>();
        activity.path("entries").forEach(entries::add);
        List<JsonNode> registered = entries.stream().filter(e -> e.path("operation").asText().equals("device.registered")).toList();
        assertEquals(6, registered.size(), activity::toString);
        assertTrue(registered.stream().allMatch(e -> e.path("actor").asText().equals("device-management") && e.path("sourceIp").isNull()),
                activity::toString);
        assertEquals("device.disabled", entries.get(0).path("operation").asText(), activity::toString);
        assertEquals("user", entries.get(0).path("actor").asText());

        // local/run again on the same table: one copy, her rename and her disable kept, nothing new in her history.
        HttpResponse<String> renamed = http.send(HttpRequest.newBuilder(URI.create(portal.url() + "me/devices/d-tablet"))
                .header("Authorization", "Bearer " + adasToken).header("Content-Type", "application/json")
                .header("If-Match", "\"" + device(list, "d-tablet").path("version").asLong() + "\"")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"displayName\":\"Upstairs tablet\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, renamed.statusCode(), renamed::body);
        int before = entries.size();
        DemoData.registerDevices(portal.identity(), URI.create(portal.url()), Instant.now());
        JsonNode again = JSON.readTree(api("GET", "/me/devices", adasToken, null).body());
        assertEquals(6, again.path("devices").size(), again::toString);
        assertEquals("Upstairs tablet", device(again, "d-tablet").path("displayName").asText());
        assertFalse(device(again, "d-work-phone").path("enabled").asBoolean());
        assertEquals(device(list, "d-old-laptop").path("lastActiveAt").asText(), device(again, "d-old-laptop").path("lastActiveAt").asText(),
                "a refresh of an imported device is not activity");
        assertEquals(before + 1, JSON.readTree(api("GET", "/me/activity", adasToken, null).body()).path("entries").size(),
                "only the rename is new");
    }

    /** {@code ago} before a moment while the portal was starting (when the demo data was made). */
    private void assertAgo(java.time.Duration ago, String actual) {
        Instant at = Instant.parse(actual);
        assertTrue(!at.isBefore(beforeStart.minus(ago)) && !at.isAfter(afterStart.minus(ago)),
                () -> actual + " is not " + ago + " before the portal's start, " + beforeStart + "…" + afterStart);
    }

    @Test
    void a_token_without_the_scope_is_403_and_a_wrong_secret_gets_no_token() throws Exception {
        // The web app's token (a person's, without the registration scope): 403 naming the scope, nothing written.
        String adasToken = personsToken("ada@contoso.example", "Analytical-Engine-1843");
        HttpResponse<String> refused = api("PUT", "/me/devices/self-declared", adasToken,
                "{\"displayName\":\"MINE\",\"operatingSystem\":\"Linux\",\"operatingSystemVersion\":\"6\",\"trustType\":\"joined\"}");
        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals("application/problem+json", refused.headers().firstValue("content-type").orElse(""));
        assertEquals("myprofile/devices.register", JSON.readTree(refused.body()).path("requiredScope").asText());
        assertTrue(device(JSON.readTree(api("GET", "/me/devices", adasToken, null).body()), "self-declared") == null);

        // The sign-in gives a token to the service's client only with its secret, and only for its scope.
        IOException wrong = assertThrows(IOException.class, () -> client("not-the-secret").accessToken());
        assertTrue(wrong.getMessage().contains("401") && wrong.getMessage().contains("invalid_client"), wrong.getMessage());
        var service = cognito.pool().deviceService();
        String basic = Base64.getEncoder().encodeToString((service.clientId() + ":" + service.clientSecret()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> otherScope = http.send(HttpRequest.newBuilder(URI.create(cognito.tokenEndpointFromJava()))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=aws.cognito.signin.user.admin")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, otherScope.statusCode());
        assertEquals("invalid_scope", JSON.readTree(otherScope.body()).path("error").asText());
        // The web app's public client cannot use the grant at all.
        String web = Base64.getEncoder().encodeToString((cognito.clientId() + ":").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> webClient = http.send(HttpRequest.newBuilder(URI.create(cognito.tokenEndpointFromJava()))
                .header("Authorization", "Basic " + web).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, webClient.statusCode());

        // The service's token names a person in the body; without one, 400 and nothing in the client's own partition.
        DeviceRegistrationClient client = client(service.clientSecret());
        HttpResponse<String> unnamed = api("PUT", "/me/devices/nobodys", client.accessToken(),
                "{\"displayName\":\"X\",\"operatingSystem\":\"Linux\",\"operatingSystemVersion\":\"6\",\"trustType\":\"joined\"}");
        assertEquals(400, unnamed.statusCode(), unnamed::body);
        assertEquals("subject", JSON.readTree(unnamed.body()).path("errors").path(0).path("field").asText());
        // And its token is no person's: only registration takes it.
        assertEquals(401, api("GET", "/me/devices", client.accessToken(), null).statusCode());
    }

    @Test
    void the_service_cannot_register_a_device_for_a_closed_or_closing_account_and_nothing_is_written() throws Exception {
        DeviceRegistrationClient client = client(cognito.pool().deviceService().clientSecret());
        String issuer = cognito.pool().issuer();
        var device = new DeviceRegistrationClient.Device("c-laptop", "CLOSED-LAPTOP", "Windows", "11 24H2", "joined");

        // Closed by the person, through the API: the closing finishes in the request.
        Person closed = newPerson("closed");
        HttpResponse<String> close = api("POST", "/me/close", personsToken(closed.email(), closed.password()), "{\"confirmation\":\"CLOSE\"}");
        assertEquals(200, close.statusCode(), close::body);
        UserKey closedKey = UserKey.of(issuer, closed.sub());
        DynamoDbClient dynamo = Moto.shared().dynamo();
        assertEquals(List.of("SIGN-OUT"), partition(dynamo, closedKey), "closing leaves only the sign-out time");
        var refused = client.register(closed.sub(), device);
        assertEquals(409, refused.status(), refused.body()::toString);
        assertEquals("account-closed", refused.body().path("type").asText().replace("urn:myprofile:problem:", ""), refused.body()::toString);
        assertEquals(409, refused.body().path("status").asInt());
        assertFalse(refused.body().path("detail").asText().isBlank());
        assertEquals(List.of("SIGN-OUT"), partition(dynamo, closedKey), "nothing written into the closed account");

        // Closing, not finished yet (only its durable intent recorded): refused the same, nothing written.
        Person closing = newPerson("closing");
        UserKey closingKey = UserKey.of(issuer, closing.sub());
        new AccountClosing(dynamo, LocalPortal.TABLE, new DynamoSignOuts(dynamo, LocalPortal.TABLE), null)
                .begin(closingKey, Optional.of(closing.email()), Instant.now());
        var alsoRefused = client.register(closing.sub(), device);
        assertEquals(409, alsoRefused.status(), alsoRefused.body()::toString);
        assertEquals("account-closed", alsoRefused.body().path("type").asText().replace("urn:myprofile:problem:", ""));
        assertEquals(List.of(), partition(dynamo, closingKey), "nothing written into the closing account");

        // A person whose account is open gets the device, as before.
        Person open = newPerson("open");
        assertEquals(201, client.register(open.sub(), device).status());
    }

    /**
     * As in AWS: the client puts the sign-in on the stack's bus (moto's EventBridge, through the SDK);
     * the bus, by the recorder's rule as template.yaml writes it, delivers it (here to a queue standing
     * where the function is the target); the recorder records what was delivered. An event from another
     * source on the same bus is not delivered.
     */
    @Test
    void on_the_stacks_bus_the_sign_in_matches_the_templates_rule_and_the_recorder_records_what_the_bus_delivered() throws Exception {
        SamTemplate template = SamTemplate.load();
        Map<String, Object> rule = SamTemplate.map(SamTemplate.map(SamTemplate.map(SamTemplate.map(
                template.resource("RecordDeviceSignInFunction").get("Properties")).get("Events")).get("SignIn")).get("Properties"));
        assertEquals("DeviceEventBus", SamTemplate.map(rule.get("EventBusName")).get("Ref"), "the rule listens on the stack's bus");
        var pattern = JSON.createObjectNode();
        SamTemplate.map(rule.get("Pattern")).forEach((field, values) -> {
            var allowed = pattern.putArray(field);
            SamTemplate.list(values).forEach(value -> allowed.add(SamTemplate.resolve(value, template.parameterDefaults())));
        });

        URI moto = Moto.shared().endpoint();
        var credentials = software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY));
        try (EventBridgeClient events = EventBridgeClient.builder().endpointOverride(moto).region(Region.of(Moto.REGION))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
             SqsClient sqs = SqsClient.builder().endpointOverride(moto).region(Region.of(Moto.REGION))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
            String bus = "devices-" + System.nanoTime();
            events.createEventBus(r -> r.name(bus));
            String queue = sqs.createQueue(r -> r.queueName(bus)).queueUrl();
            String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            events.putRule(r -> r.name("SignIn").eventBusName(bus).eventPattern(pattern.toString()));
            events.putTargets(r -> r.rule("SignIn").eventBusName(bus).targets(Target.builder().id("recorder").arn(queueArn).build()));

            Person ines = newPerson("ines");
            DeviceRegistrationClient client = client(cognito.pool().deviceService().clientSecret()).onBus(events, bus);
            assertEquals(201, client.register(ines.sub(), new DeviceRegistrationClient.Device("i-phone", "Ines phone", "iOS", "18.1",
                    "registered")).status());
            Instant signedIn = Instant.now().plusMillis(5);
            String put = client.reportSignIn(ines.sub(), "i-phone", signedIn);
            assertTrue(put.startsWith("PUT "), put);

            List<Message> delivered = sqs.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(5).maxNumberOfMessages(10)).messages();
            assertEquals(1, delivered.size(), "the bus delivered the sign-in by the template's rule");
            JsonNode event = JSON.readTree(delivered.get(0).body());
            assertEquals(put.substring(4), event.path("id").asText());
            assertEquals(ines.sub(), event.path("detail").path("subject").asText());
            sqs.deleteMessage(r -> r.queueUrl(queue).receiptHandle(delivered.get(0).receiptHandle()));

            // The recorder, given what the bus delivered, records it: Ines's device is last active then.
            HttpResponse<String> recorded = http.send(HttpRequest.newBuilder(URI.create(portal.url() + "local/functions/RecordDeviceSignInFunction"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(delivered.get(0).body())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("RECORDED", JSON.readTree(recorded.body()).path("result").asText(), recorded::body);
            JsonNode phone = device(JSON.readTree(api("GET", "/me/devices", personsToken(ines.email(), ines.password()), null).body()), "i-phone");
            assertEquals(signedIn, Instant.parse(phone.path("lastActiveAt").asText()));

            // Another source on the same bus: the rule does not deliver it.
            events.putEvents(r -> r.entries(PutEventsRequestEntry.builder().eventBusName(bus).source("someone.else")
                    .detailType("Device Sign-In").detail(event.path("detail").toString()).build()));
            assertEquals(List.of(), sqs.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(2)).messages());
        }
    }
}

package dev.myprofile.organizations.entrypoints;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.myprofile.organizations.model.Organization;
import dev.myprofile.organizations.store.dynamodb.DynamoOrganizationStore;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.http.Api;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.CountingProxy;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.Responses;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import dev.myprofile.testkit.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Organizations and Privacy pages and the administrators' function, through the real handlers, against moto. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganizationsApiTest {
    private TestEnvironment env;
    private TestIssuer issuer;
    private Api api;
    private ApiContract.Checked list;
    private ApiContract.Checked leave;
    private ApiContract.Checked privacy;
    private OrganizationAdminHandler admin;

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
        issuer = env.issuer();
        api = env.api();
        list = ApiContract.checked(new ListOrganizationsHandler(api));
        leave = ApiContract.checked(new LeaveOrganizationHandler(api));
        privacy = ApiContract.checked(new GetPrivacyHandler(env.api(Map.of("STALE_AFTER_DAYS", "60", "DELETE_AFTER_DAYS", "14"), Clock.systemUTC())));
        admin = new OrganizationAdminHandler(env.platform());
        put(Map.of("id", "contoso", "name", "Contoso", "domain", "contoso.example",
                "privacyStatementUrl", "https://contoso.example/privacy", "privacyContact", "privacy@contoso.example",
                "termsOfUseUrl", "https://contoso.example/terms"));
        put(Map.of("id", "fabrikam", "name", "Fabrikam", "domain", "fabrikam.example",
                "privacyStatementUrl", "https://fabrikam.example/privacy", "privacyContact", "dpo@fabrikam.example"));
        put(Map.of("id", "northwind", "name", "Northwind Traders"));
    }

    @AfterAll
    void stop() {
        env.close();
    }

    private void put(Map<String, Object> organization) {
        assertEquals("PUT", admin.handleRequest(Map.of("action", "put-organization", "organization", organization),
                new TestContext()).get("result"));
    }

    private Map<String, Object> administer(String action, String subject, String organizationId) {
        return admin.handleRequest(Map.of("action", action, "issuer", issuer.issuer(), "subject", subject,
                "organizationId", organizationId), new TestContext());
    }

    private void guestOf(String subject, String... organizationIds) {
        for (String id : organizationIds) {
            assertEquals("ADDED", administer("add-guest", subject, id).get("result"));
        }
    }

    private UserKey user(String subject) {
        return UserKey.of(issuer.issuer(), subject);
    }

    private APIGatewayV2HTTPResponse get(ApiContract.Checked handler, String token) {
        return handler.handleRequest(Events.withToken(Events.load("get-me-organizations"), token), new TestContext());
    }

    private APIGatewayV2HTTPEvent leaveEvent(String token, String organizationId) {
        APIGatewayV2HTTPEvent event = Events.withToken(Events.load("post-me-organization-leave"), token);
        event.setPathParameters(Map.of("organizationId", organizationId));
        event.setRawPath("/me/organizations/" + organizationId + "/leave");
        return event;
    }

    private APIGatewayV2HTTPResponse leave(String subject, String organizationId) {
        return leave.handleRequest(leaveEvent(issuer.token(subject).sign(), organizationId), new TestContext());
    }

    private List<Map<String, AttributeValue>> partition(String subject, String prefix) {
        return env.moto().dynamo().query(r -> r.tableName(env.table()).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", Items.s(user(subject).partition()))))
                .items().stream().filter(item -> item.get("sk").s().startsWith(prefix)).toList();
    }

    /** A stored profile naming the home organization, as the Overview's first request writes it. */
    private void profileWithHome(String subject, String organizationId) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(user(subject), "PROFILE"));
        item.put("entity", Items.s("Profile"));
        item.put("displayName", Items.s("User " + subject));
        item.put("homeOrganizationId", Items.s(organizationId));
        env.moto().dynamo().putItem(r -> r.tableName(env.table()).item(item));
    }

    private static final String SENDER = "portal@contoso.example";

    /**
     * A guest of Fabrikam (home Contoso) whose profile has the address {@code <subject>@fabrikam-guest.example}
     * and, if given, a language; and the leave function with an email sender moto's SES accepts, at {@code clock}.
     */
    private ApiContract.Checked notifyingGuest(String subject, Optional<String> language, Clock clock) throws Exception {
        // moto tells services apart by the credential scope of the signature.
        java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(env.moto().endpoint() + "/v2/email/identities"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/" + Moto.REGION + "/ses/aws4_request, "
                                + "SignedHeaders=host, Signature=0")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"EmailIdentity\": \"" + SENDER + "\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        profileWithHome(subject, "contoso");
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":e", Items.s(subject + "@fabrikam-guest.example")));
        language.ifPresent(l -> values.put(":l", Items.s(l)));
        env.moto().dynamo().updateItem(r -> r.tableName(env.table()).key(Items.key(user(subject), "PROFILE"))
                .updateExpression(language.isPresent() ? "SET email = :e, preferredLanguage = :l" : "SET email = :e")
                .expressionAttributeValues(values));
        guestOf(subject, "fabrikam");
        return ApiContract.checked(new LeaveOrganizationHandler(env.api(
                Map.of("NOTIFICATION_SENDER", SENDER, "SES_ENDPOINT", env.moto().endpoint().toString()), clock)));
    }

    /** A token of a sign-in at {@code at} (the function's fixed clock), valid for an hour from now. */
    private String signedInAt(String subject, Instant at) {
        return issuer.token(subject).claim("iat", at).claim("auth_time", at).claim("exp", Instant.now().plusSeconds(3600)).sign();
    }

    /** All that moto has recorded (its data.json): the emails its SES sent among it. */
    private String recordedByMoto() throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create(env.moto().endpoint() + "/moto-api/data.json")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** The last email moto's SES sent to {@code address}, or null. */
    private JsonNode lastEmailTo(String address) throws Exception {
        JsonNode mail = null;
        for (JsonNode message : new com.fasterxml.jackson.databind.ObjectMapper().readTree(recordedByMoto()).path("ses").path("Message")) {
            if (message.path("destinations").toString().contains(address)) {
                mail = message;
            }
        }
        return mail;
    }

    @Nested
    class ListOrganizations {
        @Test
        void the_home_organization_first_then_the_guest_ones_with_roles_and_privacy_links() {
            guestOf("lister", "northwind", "fabrikam");
            JsonNode organizations = Responses.json(get(list, issuer.token("lister").sign())).path("organizations");
            assertEquals(3, organizations.size());
            JsonNode home = organizations.get(0);
            assertEquals("contoso", home.path("id").asText());
            assertEquals("member", home.path("role").asText());
            assertFalse(home.path("canLeave").asBoolean());
            assertTrue(home.path("joinedAt").isNull());
            assertEquals("https://contoso.example/terms", home.path("termsOfUseUrl").asText());
            JsonNode fabrikam = organizations.get(1);
            assertEquals("Fabrikam", fabrikam.path("name").asText());
            assertEquals("guest", fabrikam.path("role").asText());
            assertTrue(fabrikam.path("canLeave").asBoolean());
            assertFalse(fabrikam.path("joinedAt").isNull());
            assertEquals("https://fabrikam.example/privacy", fabrikam.path("privacyStatementUrl").asText());
            assertTrue(fabrikam.path("termsOfUseUrl").isNull(), "not provided is null, never an empty link");
            assertEquals("Northwind Traders", organizations.get(2).path("name").asText());
        }

        @Test
        void without_an_organization_claim_as_with_Cognito_the_home_is_the_one_stored_with_the_profile() {
            profileWithHome("cognito-user", "northwind");
            guestOf("cognito-user", "fabrikam");
            JsonNode organizations = Responses.json(get(list, issuer.token("cognito-user").without("tid").sign()))
                    .path("organizations");
            assertEquals(2, organizations.size());
            assertEquals("northwind", organizations.get(0).path("id").asText());
            assertEquals("member", organizations.get(0).path("role").asText());
            assertEquals("fabrikam", organizations.get(1).path("id").asText());
        }

        @Test
        void a_new_user_without_claim_or_profile_has_no_organizations_not_an_error() {
            APIGatewayV2HTTPResponse response = get(list, issuer.token("nobody").without("tid").sign());
            assertEquals(200, response.getStatusCode(), response::getBody);
            assertEquals(0, Responses.json(response).path("organizations").size());
        }

        @Test
        void a_warm_GET_makes_one_query_of_the_partition_and_one_batch_of_directory_entries() {
            guestOf("counted", "fabrikam");
            try (CountingProxy proxy = CountingProxy.to(env.moto().endpoint())) {
                ApiContract.Checked counted = ApiContract.checked(new ListOrganizationsHandler(env.api(
                        Map.of("DYNAMODB_ENDPOINT", proxy.endpoint().toString()), Clock.systemUTC())));
                String token = issuer.token("counted").sign();
                get(counted, token);
                proxy.clear();

                APIGatewayV2HTTPResponse response = get(counted, token);

                assertEquals(2, Responses.json(response).path("organizations").size());
                assertEquals(List.of("Query", "BatchGetItem"), proxy.operations());
            }
        }
    }

    @Nested
    class Leave {
        @Test
        void leaving_a_guest_organization_ends_it_and_writes_one_activity_entry_and_twice_answers_the_same() {
            guestOf("leaver", "fabrikam", "northwind");
            APIGatewayV2HTTPResponse first = leave("leaver", "fabrikam");
            assertEquals(200, first.getStatusCode(), first::getBody);
            JsonNode left = Responses.json(first);
            assertEquals("Fabrikam", left.path("name").asText());
            assertEquals("administrator", left.path("rejoinedBy").asText());

            APIGatewayV2HTTPResponse second = leave("leaver", "fabrikam");
            assertEquals(200, second.getStatusCode());
            assertEquals(first.getBody(), second.getBody());

            List<Map<String, AttributeValue>> entries = partition("leaver", "ACTIVITY#").stream()
                    .filter(e -> e.get("operation").s().equals("organization.left")).toList();
            assertEquals(1, entries.size());
            assertEquals("organization", entries.get(0).get("subjectType").s());
            assertEquals("fabrikam", entries.get(0).get("subjectId").s());
            assertEquals("Fabrikam", entries.get(0).get("subjectName").s());
            assertEquals("user", entries.get(0).get("actor").s());

            JsonNode organizations = Responses.json(get(list, issuer.token("leaver").sign())).path("organizations");
            assertEquals(List.of("contoso", "northwind"), List.of(organizations.get(0).path("id").asText(),
                    organizations.get(1).path("id").asText()));
            assertEquals(2, organizations.size());
        }

        @Test
        void leaving_sends_one_notification_email_to_the_profiles_address() throws Exception {
            ApiContract.Checked notifying = notifyingGuest("notified", Optional.empty(), Clock.systemUTC());
            // A moto_server that outlives the run (MOTO_ENDPOINT) keeps the emails of earlier runs: count from here.
            int earlier = occurrences(recordedByMoto(), "notified@fabrikam-guest.example");

            for (int i = 0; i < 2; i++) {
                assertEquals(200, notifying.handleRequest(leaveEvent(issuer.token("notified").sign(), "fabrikam"),
                        new TestContext()).getStatusCode());
            }

            String recorded = recordedByMoto();
            int count = occurrences(recorded, "notified@fabrikam-guest.example") - earlier;
            assertEquals(1, count, "one email for leaving twice: " + recorded.length());
            assertTrue(recorded.contains("You left Fabrikam"));
        }

        @Test
        void the_email_says_when_in_the_profiles_language_with_the_date_in_words_and_the_zone_named() throws Exception {
            java.time.Instant left = java.time.Instant.parse("2026-12-05T06:46:13.196200881Z");
            ApiContract.Checked notifying = notifyingGuest("svensk", Optional.of("sv-SE"), Clock.fixed(left, java.time.ZoneOffset.UTC));

            assertEquals(200, notifying.handleRequest(leaveEvent(signedInAt("svensk", left), "fabrikam"), new TestContext()).getStatusCode());

            JsonNode mail = lastEmailTo("svensk@fabrikam-guest.example");
            String body = mail == null ? null : mail.path("body").asText();
            assertTrue(body != null && body.contains("Du lämnade Fabrikam, där du var gäst, 5 december 2026 06:46 UTC."), body);
            assertFalse(body.contains("2026-12-05T"), "no ISO time: " + body);
        }

        /**
         * Issue 22 item 4: the notice's words come from the module's catalog in the language chosen by the
         * one rule (Language.choose): a person whose profile names no language, asking in Swedish
         * (Accept-Language), gets the email in Swedish, read back from moto's SES.
         */
        @Test
        void without_a_profile_language_the_email_follows_the_requests_accept_language() throws Exception {
            java.time.Instant left = java.time.Instant.parse("2026-12-05T06:46:13Z");
            ApiContract.Checked notifying = notifyingGuest("fragar", Optional.empty(), Clock.fixed(left, java.time.ZoneOffset.UTC));
            APIGatewayV2HTTPEvent event = leaveEvent(signedInAt("fragar", left), "fabrikam");
            event.getHeaders().put("accept-language", "de;q=1, sv-SE;q=0.9, en;q=0.5");

            assertEquals(200, notifying.handleRequest(event, new TestContext()).getStatusCode());

            JsonNode mail = lastEmailTo("fragar@fabrikam-guest.example");
            assertTrue(mail != null, "one email sent: " + new com.fasterxml.jackson.databind.ObjectMapper().readTree(recordedByMoto()).path("ses"));
            assertEquals("Du lämnade Fabrikam", mail.path("subject").asText(), mail::toString);
            assertTrue(mail.path("body").asText().startsWith("Du lämnade Fabrikam, där du var gäst, 5 december 2026 06:46 UTC."), mail::toString);
            assertFalse(mail.path("body").asText().contains("You left"), mail::toString);
        }

        @Test
        void the_home_organization_cannot_be_left_409_with_the_reason() {
            APIGatewayV2HTTPResponse response = leave("homebody", "contoso");
            JsonNode problem = Responses.problem(response, 409);
            assertTrue(problem.path("detail").asText().contains("owns your account"), problem::toString);
        }

        @Test
        void with_Cognito_the_stored_home_organization_cannot_be_left_either() {
            profileWithHome("cognito-home", "northwind");
            guestOf("cognito-home", "northwind");
            APIGatewayV2HTTPResponse response = leave.handleRequest(
                    leaveEvent(issuer.token("cognito-home").without("tid").sign(), "northwind"), new TestContext());
            Responses.problem(response, 409);
        }

        @Test
        void an_unknown_organization_or_another_users_membership_is_404_and_nothing_changes() {
            guestOf("owner", "fabrikam");
            Responses.problem(leave("intruder", "fabrikam"), 404);
            Responses.problem(leave("intruder", "no-such-org"), 404);
            assertTrue(partition("owner", "MEMBERSHIP#").get(0).get("leftAt") == null, "the owner's membership is untouched");
            assertTrue(partition("intruder", "").stream().allMatch(item -> "RateLimit".equals(Items.string(item, "entity").orElse(""))),
                    "nothing written for the caller either (but the pipeline's per-user write counter)");
            assertTrue(partition("owner", "ACTIVITY#").stream().noneMatch(e -> e.get("operation").s().equals("organization.left")));
        }

        @Test
        void a_malformed_id_is_400() {
            Responses.problem(leave("malformed", "a#b"), 400);
        }

        @Test
        void without_a_fresh_sign_in_it_is_a_401_step_up_challenge_and_nothing_changes() {
            guestOf("stale", "fabrikam");
            String token = issuer.token("stale").claim("auth_time", Instant.now().minus(Duration.ofMinutes(11))).sign();
            APIGatewayV2HTTPResponse response = leave.handleRequest(leaveEvent(token, "fabrikam"), new TestContext());
            Responses.problem(response, 401);
            assertTrue(Responses.header(response, "WWW-Authenticate").contains("insufficient_user_authentication"));
            assertTrue(partition("stale", "MEMBERSHIP#").get(0).get("leftAt") == null);
        }
    }

    @Nested
    class Administrators {
        @Test
        void add_and_remove_a_guest_membership_each_once_with_an_activity_entry() {
            assertEquals("ADDED", administer("add-guest", "managed", "fabrikam").get("result"));
            assertEquals("ALREADY_GUEST", administer("add-guest", "managed", "fabrikam").get("result"));
            assertEquals("REMOVED", administer("remove-guest", "managed", "fabrikam").get("result"));
            assertEquals("NOT_A_GUEST", administer("remove-guest", "managed", "fabrikam").get("result"));
            List<String> operations = partition("managed", "ACTIVITY#").stream().map(e -> e.get("operation").s()).sorted().toList();
            assertEquals(List.of("organization.added", "organization.removed"), operations);
            assertTrue(partition("managed", "ACTIVITY#").stream().allMatch(e -> e.get("actor").s().equals("administrator")));
            assertTrue(partition("managed", "MEMBERSHIP#").isEmpty());
        }

        @Test
        void a_user_who_left_can_be_added_again_by_an_administrator() {
            guestOf("returner", "fabrikam");
            assertEquals(200, leave("returner", "fabrikam").getStatusCode());
            assertEquals("ADDED", administer("add-guest", "returner", "fabrikam").get("result"));
            assertEquals(2, Responses.json(get(list, issuer.token("returner").sign())).path("organizations").size());
        }

        @Test
        void an_organization_missing_from_the_directory_cannot_be_joined() {
            assertEquals("NO_SUCH_ORGANIZATION", administer("add-guest", "lost", "atlantis").get("result"));
            assertTrue(partition("lost", "").isEmpty());
        }

        @Test
        void malformed_events_are_rejected_with_a_reason_and_write_nothing() {
            for (Map<String, Object> event : List.<Map<String, Object>>of(
                    Map.of(),
                    Map.of("action", "drop-table"),
                    Map.of("action", "add-guest", "issuer", issuer.issuer(), "organizationId", "fabrikam"),
                    Map.of("action", "add-guest", "issuer", issuer.issuer(), "subject", "x", "organizationId", "a#b"),
                    Map.of("action", "put-organization", "organization", Map.of("id", "evil", "name", "Evil",
                            "privacyStatementUrl", "javascript:alert(1)")),
                    Map.of("action", "put-organization", "organization", Map.of("id", "nameless")),
                    Map.of("action", "put-organization", "organization", Map.of("id", "evil", "name", "Evil",
                            "editableFields", List.of("displayName", "email"))),
                    Map.of("action", "put-organization", "organization", Map.of("id", "evil", "name", "Evil",
                            "editableFields", "phone")))) {
                Map<String, Object> answer = admin.handleRequest(event, new TestContext());
                assertEquals("REJECTED", answer.get("result"), event::toString);
                assertFalse(String.valueOf(answer.get("reason")).isBlank());
            }
            assertTrue(new DynamoOrganizationStore(env.moto().dynamo(), env.table()).organization("evil").isEmpty());
        }

        /** The profile fields an organization lets its members edit: all unless named; none is a choice too. */
        @Test
        void an_organization_names_the_profile_fields_its_members_may_edit() {
            DynamoOrganizationStore store = new DynamoOrganizationStore(env.moto().dynamo(), env.table());
            assertEquals("PUT", admin.handleRequest(Map.of("action", "put-organization", "organization",
                    Map.of("id", "locked", "name", "Locked", "editableFields", List.of())), new TestContext()).get("result"));
            assertEquals("PUT", admin.handleRequest(Map.of("action", "put-organization", "organization",
                    Map.of("id", "some", "name", "Some", "editableFields", List.of("phone", "displayName"))), new TestContext()).get("result"));
            assertEquals("PUT", admin.handleRequest(Map.of("action", "put-organization", "organization",
                    Map.of("id", "open", "name", "Open")), new TestContext()).get("result"));

            assertEquals(List.of(), store.organization("locked").orElseThrow().editableFields());
            assertEquals(List.of("displayName", "phone"), store.organization("some").orElseThrow().editableFields(), "in the page's order");
            assertEquals(List.of("displayName", "phone", "preferredLanguage"), store.organization("open").orElseThrow().editableFields());
        }

        @Test
        void the_sample_events_are_valid_commands() {
            assertEquals("PUT", admin.handleRequest(Events.loadMap("organization-admin-put-organization"), new TestContext()).get("result"));
            assertEquals("ADDED", admin.handleRequest(Events.loadMap("organization-admin-add-guest"), new TestContext()).get("result"));
            assertEquals("REMOVED", admin.handleRequest(Events.loadMap("organization-admin-remove-guest"), new TestContext()).get("result"));
        }
    }

    @Nested
    class Privacy {
        private JsonNode privacyOf(String token) {
            APIGatewayV2HTTPResponse response = privacy.handleRequest(
                    Events.withToken(Events.load("get-me-privacy"), token), new TestContext());
            assertEquals(200, response.getStatusCode(), response::getBody);
            return Responses.json(response);
        }

        @Test
        void each_organizations_links_with_missing_ones_null() {
            guestOf("reader", "northwind");
            JsonNode organizations = privacyOf(issuer.token("reader").sign()).path("organizations");
            assertEquals(2, organizations.size());
            assertEquals("https://contoso.example/privacy", organizations.get(0).path("privacyStatementUrl").asText());
            assertEquals("privacy@contoso.example", organizations.get(0).path("privacyContact").asText());
            JsonNode northwind = organizations.get(1);
            assertEquals("guest", northwind.path("role").asText());
            assertTrue(northwind.path("privacyStatementUrl").isNull());
            assertTrue(northwind.path("privacyContact").isNull());
            assertTrue(northwind.path("termsOfUseUrl").isNull());
        }

        @Test
        void what_the_portal_stores_and_for_how_long_comes_from_the_one_list_and_the_configuration() {
            JsonNode data = privacyOf(issuer.token("curious").sign()).path("portalData");
            Map<String, JsonNode> byId = new HashMap<>();
            data.forEach(kind -> byId.put(kind.path("id").asText(), kind));
            assertEquals(java.util.Set.of("profile", "devices", "activity", "memberships", "signOut", "password", "securityMethods",
                    "removedDevices", "pendingCodes", "codesSent", "changeCounts", "repeatedRequests", "deviceListVersion"),
                    byId.keySet());
            assertEquals("days", byId.get("activity").path("retention").path("rule").asText());
            assertEquals(365, byId.get("activity").path("retention").path("days").asInt());
            assertEquals("inactivity", byId.get("devices").path("retention").path("rule").asText());
            assertEquals(60, byId.get("devices").path("retention").path("days").asInt());
            assertEquals(14, byId.get("devices").path("retention").path("afterDays").asInt());
            assertEquals("account", byId.get("profile").path("retention").path("rule").asText());
            assertEquals("after-leaving", byId.get("memberships").path("retention").path("rule").asText());
        }

        @Test
        void a_warm_GET_makes_one_query_and_one_batch() {
            try (CountingProxy proxy = CountingProxy.to(env.moto().endpoint())) {
                ApiContract.Checked counted = ApiContract.checked(new GetPrivacyHandler(env.api(
                        Map.of("DYNAMODB_ENDPOINT", proxy.endpoint().toString()), Clock.systemUTC())));
                String token = issuer.token("counted-privacy").sign();
                counted.handleRequest(Events.withToken(Events.load("get-me-privacy"), token), new TestContext());
                proxy.clear();
                counted.handleRequest(Events.withToken(Events.load("get-me-privacy"), token), new TestContext());
                assertEquals(List.of("Query", "BatchGetItem"), proxy.operations());
            }
        }
    }

    @Test
    void the_directory_mapping_round_trips_an_entry() {
        var store = new DynamoOrganizationStore(env.moto().dynamo(), env.table());
        Organization entry = new Organization("roundtrip", "Round Trip", Optional.empty(), Optional.of("https://r.example/p"),
                Optional.empty(), Optional.empty());
        store.putOrganization(entry);
        assertEquals(Optional.of(entry), store.organization("roundtrip"));
    }
}

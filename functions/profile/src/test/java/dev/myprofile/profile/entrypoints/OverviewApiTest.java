package dev.myprofile.profile.entrypoints;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.myprofile.organizations.model.Organization;
import dev.myprofile.profile.model.Profile;
import dev.myprofile.profile.store.ProfileStore;
import dev.myprofile.profile.store.dynamodb.DynamoProfileStore;
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

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /me and PATCH /me through the real handlers, against moto. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverviewApiTest {
    private TestEnvironment env;
    private TestIssuer issuer;
    private Api api;
    private ProfileStore profiles;
    private ApiContract.Checked get;
    private ApiContract.Checked patch;

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
        issuer = env.issuer();
        api = env.api();
        profiles = new DynamoProfileStore(env.moto().dynamo(), env.table());
        get = ApiContract.checked(new GetMeHandler(api));
        patch = ApiContract.checked(new PatchMeHandler(api));
        profiles.putOrganization(new Organization("contoso", "Contoso", Optional.of("contoso.example"),
                Optional.of("https://contoso.example/privacy"), Optional.of("privacy@contoso.example"),
                Optional.of("https://contoso.example/terms")));
        // An organization that keeps its members' phone numbers itself: only the name and language are theirs.
        profiles.putOrganization(new Organization("woodgrove", "Woodgrove Bank", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of("preferredLanguage", "displayName")));
    }

    private String woodgroveToken(String subject) {
        return issuer.token(subject).claim("tid", "woodgrove").sign();
    }

    @AfterAll
    void stop() {
        env.close();
    }

    private APIGatewayV2HTTPResponse getMe(String subject) {
        return get.handleRequest(Events.withToken(Events.load("get-me"), issuer.token(subject).sign()), new TestContext());
    }

    private APIGatewayV2HTTPEvent patchEvent(String subject, String body, String ifMatch) {
        APIGatewayV2HTTPEvent event = Events.withToken(Events.load("patch-me"), issuer.token(subject).sign());
        event.setBody(body);
        if (ifMatch == null) {
            event.getHeaders().remove("if-match");
        } else {
            event.getHeaders().put("if-match", ifMatch);
        }
        return event;
    }

    private APIGatewayV2HTTPResponse patchMe(String subject, String body, String ifMatch) {
        return patch.handleRequest(patchEvent(subject, body, ifMatch), new TestContext());
    }

    /** What closing an account leaves (sessions' AccountClosing): the sign-out time, then no other item. */
    private void closeAccount(UserKey key) {
        env.signOuts().signOutEverywhere(key, Instant.now().plusSeconds(1));
        for (var item : partition(key)) {
            if (!"SIGN-OUT".equals(item.get("sk").s())) {
                env.moto().dynamo().deleteItem(r -> r.tableName(env.table()).key(Map.of("pk", item.get("pk"), "sk", item.get("sk"))));
            }
        }
    }

    /** The user's items, but for the pipeline's per-user write counter. */
    private List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> partition(UserKey key) {
        return env.moto().dynamo().query(r -> r.tableName(env.table()).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", Items.s(key.partition())))).items().stream()
                .filter(item -> !"RateLimit".equals(Items.string(item, "entity").orElse("")))
                .toList();
    }

    private Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> storedProfile(String subject) {
        return env.moto().dynamo().getItem(r -> r.tableName(env.table()).consistentRead(true)
                .key(Items.key(UserKey.of(issuer.issuer(), subject), "PROFILE"))).item();
    }

    private List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> activity(String subject) {
        return env.moto().dynamo().query(r -> r.tableName(env.table())
                .keyConditionExpression("pk = :pk AND begins_with(sk, :a)")
                .expressionAttributeValues(Map.of(":pk", Items.s(UserKey.of(issuer.issuer(), subject).partition()),
                        ":a", Items.s("ACTIVITY#")))).items();
    }

    @Nested
    class Overview {
        @Test
        void the_first_request_creates_the_profile_from_the_tokens_claims() {
            APIGatewayV2HTTPResponse response = getMe("first");
            assertEquals(200, response.getStatusCode(), response::getBody);
            JsonNode me = Responses.json(response);
            assertEquals("User first", me.path("displayName").asText());
            assertEquals("first@contoso.example", me.path("email").asText());
            assertTrue(me.path("phone").isNull());
            assertEquals(1, me.path("version").asInt());
            assertEquals("\"1\"", Responses.header(response, "ETag"));
            assertFalse(storedProfile("first").isEmpty());
        }

        @Test
        void the_home_organization_comes_from_the_directory() {
            JsonNode home = Responses.json(getMe("home")).path("homeOrganization");
            assertEquals("contoso", home.path("id").asText());
            assertEquals("Contoso", home.path("name").asText());
            assertEquals("https://contoso.example/privacy", home.path("privacyStatementUrl").asText());
            assertEquals("privacy@contoso.example", home.path("privacyContact").asText());
        }

        @Test
        void an_organization_missing_from_the_directory_is_null_not_an_error() {
            String token = issuer.token("nowhere").claim("tid", "unknown-org").sign();
            APIGatewayV2HTTPResponse response = get.handleRequest(Events.withToken(Events.load("get-me"), token), new TestContext());
            assertEquals(200, response.getStatusCode());
            assertTrue(Responses.json(response).path("homeOrganization").isNull());
        }

        @Test
        void a_claim_that_does_not_fit_is_left_out_rather_than_stored() {
            String token = issuer.token("bad-claims").claim("phone_number", "0701234567").claim("locale", "not a tag!").sign();
            JsonNode me = Responses.json(get.handleRequest(Events.withToken(Events.load("get-me"), token), new TestContext()));
            assertTrue(me.path("phone").isNull());
            assertTrue(me.path("preferredLanguage").isNull());
        }

        @Test
        void a_warm_GET_makes_exactly_one_DynamoDB_request() {
            try (CountingProxy proxy = CountingProxy.to(env.moto().endpoint())) {
                ApiContract.Checked counted = ApiContract.checked(new GetMeHandler(env.api(
                        Map.of("DYNAMODB_ENDPOINT", proxy.endpoint().toString()), Clock.systemUTC())));
                String token = issuer.token("counted").sign();
                counted.handleRequest(Events.withToken(Events.load("get-me"), token), new TestContext());
                proxy.clear();

                APIGatewayV2HTTPResponse response = counted.handleRequest(Events.withToken(Events.load("get-me"), token), new TestContext());

                assertEquals(200, response.getStatusCode());
                assertEquals("Contoso", Responses.json(response).path("homeOrganization").path("name").asText());
                assertEquals(List.of("BatchGetItem"), proxy.operations());
            }
        }

        @Test
        void concurrent_first_requests_create_one_profile() throws Exception {
            // moto's conditional writes are not atomic under concurrency (MACHINE-NOTES: about one race
            // in 200 lets two writers through). A store without the condition lets several through in
            // every race, so a race with exactly one winner in three tries tells the two apart.
            List<String> rounds = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                String subject = "racer-" + round;
                List<String> names = race(subject);
                if (names.stream().distinct().count() == 1) {
                    assertEquals(names.get(0), storedProfile(subject).get("displayName").s());
                    return;
                }
                rounds.add(names.toString());
            }
            throw new AssertionError("every request of a race must see the one profile: " + rounds);
        }

        private List<String> race(String subject) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<APIGatewayV2HTTPResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String token = issuer.token(subject).claim("name", "Racer " + i).sign();
                answers.add(pool.submit(() -> {
                    go.await();
                    return get.handleRequest(Events.withToken(Events.load("get-me"), token), new TestContext());
                }));
            }
            go.countDown();
            List<String> names = new ArrayList<>();
            for (Future<APIGatewayV2HTTPResponse> answer : answers) {
                APIGatewayV2HTTPResponse response = answer.get();
                assertEquals(200, response.getStatusCode(), response::getBody);
                names.add(Responses.json(response).path("displayName").asText());
            }
            pool.shutdown();
            return names;
        }

        @Test
        void the_create_is_conditional_so_a_second_creation_returns_the_first() {
            Instant now = Instant.now();
            UserKey key = UserKey.of(issuer.issuer(), "twice");
            Profile first = new Profile("First", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), 1, now, now);
            Profile second = new Profile("Second", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), 1, now, now);
            profiles.createIfAbsent(key, first, now);
            assertEquals("First", profiles.createIfAbsent(key, second, now).orElseThrow().displayName());
        }

        @Test
        void after_the_account_is_closed_an_earlier_token_gets_401_and_no_profile_is_written_back() {
            // The container has read the sign-out time (none yet) and may keep that copy for 60 s.
            String token = issuer.token("closed").sign();
            assertEquals(200, get.handleRequest(Events.withToken(Events.load("get-me"), token), new TestContext()).getStatusCode());
            UserKey key = UserKey.of(issuer.issuer(), "closed");
            closeAccount(key);

            APIGatewayV2HTTPResponse response = get.handleRequest(Events.withToken(Events.load("get-me"), token), new TestContext());

            Responses.problem(response, 401);
            assertTrue(storedProfile("closed").isEmpty(), "nothing is written into the closed account's partition");
            assertEquals(List.of("SIGN-OUT"), partition(key).stream().map(item -> item.get("sk").s()).toList());
        }

        @Test
        void a_closing_that_begins_between_the_token_check_and_the_create_still_stops_the_write() {
            UserKey key = UserKey.of(issuer.issuer(), "closing-meanwhile");
            // The closing starts right after this request read "no profile yet".
            ProfileStore closingMeanwhile = new ProfileStore() {
                public Snapshot load(UserKey user, Optional<String> organizationId) {
                    Snapshot snapshot = profiles.load(user, organizationId);
                    closeAccount(user);
                    return snapshot;
                }
                public Optional<Profile> createIfAbsent(UserKey user, Profile initial, Instant issuedAt) {
                    return profiles.createIfAbsent(user, initial, issuedAt);
                }
                public Optional<Organization> organization(String organizationId) {
                    return profiles.organization(organizationId);
                }
                public UpdateResult update(UserKey user, Profile current, dev.myprofile.profile.model.ProfileChanges changes,
                                           long expectedVersion, Instant now, dev.myprofile.shared.activity.ActivityEntry.Origin origin) {
                    return profiles.update(user, current, changes, expectedVersion, now, origin);
                }
                public void putOrganization(Organization organization) {
                    profiles.putOrganization(organization);
                }
                public void putProfile(UserKey user, Profile profile) {
                    profiles.putProfile(user, profile);
                }
            };
            ApiContract.Checked racing = ApiContract.checked(new GetMeHandler(api, closingMeanwhile));

            APIGatewayV2HTTPResponse response = racing.handleRequest(
                    Events.withToken(Events.load("get-me"), issuer.token("closing-meanwhile").sign()), new TestContext());

            Responses.problem(response, 401);
            assertTrue(storedProfile("closing-meanwhile").isEmpty());
        }

        @Test
        void when_the_store_cannot_be_reached_the_503_says_so_and_when_to_try_again() throws Exception {
            // A loopback port nothing listens on: moto paused or gone.
            String nowhere = "http://127.0.0.1:" + Moto.freePort();
            ApiContract.Checked unreachable = ApiContract.checked(new GetMeHandler(env.api(Map.of("DYNAMODB_ENDPOINT", nowhere), Clock.systemUTC())));
            APIGatewayV2HTTPResponse response = unreachable.handleRequest(
                    Events.withToken(Events.load("get-me"), issuer.token("unreachable").sign()), new TestContext());
            JsonNode problem = Responses.problem(response, 503);
            assertEquals("The service can't reach its data right now. Try again shortly.", problem.path("detail").asText());
            assertEquals("2", Responses.header(response, "Retry-After"));
        }

        @Test
        void responses_carry_the_security_headers_and_CORS_only_for_the_configured_origin() {
            APIGatewayV2HTTPEvent event = Events.withToken(Events.load("get-me"), issuer.token("headers").sign());
            event.getHeaders().put("origin", TestEnvironment.WEB_ORIGIN);
            APIGatewayV2HTTPResponse ours = get.handleRequest(event, new TestContext());
            assertEquals("no-store", Responses.header(ours, "Cache-Control"));
            assertEquals("nosniff", Responses.header(ours, "X-Content-Type-Options"));
            assertEquals(TestEnvironment.WEB_ORIGIN, Responses.header(ours, "Access-Control-Allow-Origin"));

            event = Events.withToken(Events.load("get-me"), issuer.token("headers").sign());
            event.getHeaders().put("origin", "https://evil.test");
            APIGatewayV2HTTPResponse theirs = get.handleRequest(event, new TestContext());
            assertNull(Responses.header(theirs, "Access-Control-Allow-Origin"));
            assertEquals("no-store", Responses.header(theirs, "Cache-Control"));
        }
    }

    @Nested
    class Ownership {
        @Test
        void user_B_never_reads_or_changes_user_As_profile() {
            getMe("alice");
            assertEquals(200, patchMe("alice", "{\"displayName\":\"Alice A\"}", "\"1\"").getStatusCode());

            JsonNode bob = Responses.json(getMe("bob"));
            assertEquals("User bob", bob.path("displayName").asText());
            Responses.problem(patchMe("bob", "{\"displayName\":\"Mallory\",\"sub\":\"alice\"}", "\"2\""), 400);
            assertEquals(200, patchMe("bob", "{\"displayName\":\"Mallory\"}", "\"1\"").getStatusCode());

            assertEquals("Alice A", Responses.json(getMe("alice")).path("displayName").asText());
            assertEquals("Mallory", Responses.json(getMe("bob")).path("displayName").asText());
        }
    }

    @Nested
    class Edit {
        /** PRODUCT.md: "The user may edit the fields the organization lets them edit." */
        @Test
        void a_field_the_organization_keeps_is_not_offered_and_a_change_to_it_is_403_and_changes_nothing() {
            APIGatewayV2HTTPResponse first = get.handleRequest(Events.withToken(Events.load("get-me"), woodgroveToken("banker")),
                    new TestContext());
            assertEquals(200, first.getStatusCode(), first::getBody);
            JsonNode me = Responses.json(first);
            assertEquals("Woodgrove Bank", me.path("homeOrganization").path("name").asText());
            assertEquals(List.of("displayName", "preferredLanguage"),
                    StreamSupport.stream(me.path("editableFields").spliterator(), false).map(JsonNode::asText).toList(),
                    "in the page's order, without the phone");

            APIGatewayV2HTTPEvent phone = Events.withToken(Events.load("patch-me"), woodgroveToken("banker"));
            phone.setBody("{\"displayName\":\"Banker\",\"phone\":\"+46701234567\"}");
            phone.getHeaders().put("if-match", "\"1\"");
            JsonNode problem = Responses.problem(patch.handleRequest(phone, new TestContext()), 403);
            assertEquals("Woodgrove Bank does not let you change phone here.", problem.path("detail").asText());
            assertEquals("1", storedProfile("banker").get("version").n(), "nothing written, not even the name");

            APIGatewayV2HTTPEvent name = Events.withToken(Events.load("patch-me"), woodgroveToken("banker"));
            name.setBody("{\"displayName\":\"Banker\"}");
            name.getHeaders().put("if-match", "\"1\"");
            APIGatewayV2HTTPResponse renamed = patch.handleRequest(name, new TestContext());
            assertEquals(200, renamed.getStatusCode(), renamed::getBody);
            assertEquals("Banker", Responses.json(renamed).path("displayName").asText());
        }

        @Test
        void a_change_is_kept_and_the_version_grows() {
            getMe("editor");
            APIGatewayV2HTTPResponse response = patchMe("editor",
                    "{\"displayName\":\"  Ada Lovelace \",\"phone\":\"+46701234567\",\"preferredLanguage\":\"en-GB\"}", "\"1\"");
            assertEquals(200, response.getStatusCode(), response::getBody);
            assertEquals("\"2\"", Responses.header(response, "ETag"));
            JsonNode me = Responses.json(getMe("editor"));
            assertEquals("Ada Lovelace", me.path("displayName").asText());
            assertEquals("+46701234567", me.path("phone").asText());
            assertEquals("en-GB", me.path("preferredLanguage").asText());
            assertEquals(2, me.path("version").asInt());
            assertEquals("Contoso", me.path("homeOrganization").path("name").asText());
        }

        @Test
        void an_edit_writes_one_activity_entry_about_the_profile_from_the_persons_address() {
            getMe("edit-logger");
            assertEquals(200, patchMe("edit-logger", "{\"displayName\":\"Ada King\"}", "\"1\"").getStatusCode());

            List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> entries = activity("edit-logger");
            assertEquals(1, entries.size());
            assertEquals("profile.edited", entries.get(0).get("operation").s());
            assertEquals("profile", entries.get(0).get("subjectType").s());
            assertEquals("user", entries.get(0).get("actor").s());
            assertTrue(entries.get(0).containsKey("sourceIp"));
            assertTrue(entries.get(0).containsKey("expiresAt"));
        }

        @Test
        void a_refused_edit_writes_no_activity_entry() {
            getMe("refused-edit-logger");
            Responses.problem(patchMe("refused-edit-logger", "{\"displayName\":\"X\"}", "\"5\""), 412);
            Responses.problem(patchMe("refused-edit-logger", "{\"displayName\":\"X\",\"jobTitle\":\"CEO\"}", "\"1\""), 400);
            assertTrue(activity("refused-edit-logger").isEmpty());
        }

        @Test
        void null_clears_a_field() {
            getMe("clearer");
            patchMe("clearer", "{\"phone\":\"+46701234567\"}", "\"1\"");
            APIGatewayV2HTTPResponse response = patchMe("clearer", "{\"phone\":null}", "\"2\"");
            assertEquals(200, response.getStatusCode(), response::getBody);
            assertTrue(Responses.json(getMe("clearer")).path("phone").isNull());
            assertFalse(storedProfile("clearer").containsKey("phone"));
        }

        @Test
        void the_version_may_come_in_the_body_instead_of_If_Match() {
            getMe("body-version");
            assertEquals(200, patchMe("body-version", "{\"displayName\":\"B\",\"version\":1}", null).getStatusCode());
        }

        @Test
        void a_stale_If_Match_is_412_and_changes_nothing() {
            getMe("stale");
            patchMe("stale", "{\"displayName\":\"Tab one\"}", "\"1\"");
            JsonNode problem = Responses.problem(patchMe("stale", "{\"displayName\":\"Tab two\"}", "\"1\""), 412);
            assertEquals(2, problem.path("currentVersion").asInt());
            assertEquals("Tab one", storedProfile("stale").get("displayName").s());
        }

        @Test
        void a_stale_body_version_is_409_and_changes_nothing() {
            getMe("stale-body");
            patchMe("stale-body", "{\"displayName\":\"Tab one\"}", "\"1\"");
            Responses.problem(patchMe("stale-body", "{\"displayName\":\"Tab two\",\"version\":1}", null), 409);
            assertEquals("Tab one", storedProfile("stale-body").get("displayName").s());
        }

        @Test
        void no_version_at_all_is_428() {
            getMe("no-version");
            Responses.problem(patchMe("no-version", "{\"displayName\":\"X\"}", null), 428);
        }

        @Test
        void a_weak_If_Match_never_matches_so_it_is_412_and_changes_nothing() {
            getMe("weak-etag");
            JsonNode problem = Responses.problem(patchMe("weak-etag", "{\"displayName\":\"X\"}", "W/\"1\""), 412);
            assertTrue(problem.path("detail").asText().contains("strong"), problem::toString);
            assertEquals("User weak-etag", storedProfile("weak-etag").get("displayName").s());
            assertEquals("1", storedProfile("weak-etag").get("version").n());
        }

        @Test
        void a_malformed_If_Match_is_400() {
            getMe("bad-etag");
            Responses.problem(patchMe("bad-etag", "{\"displayName\":\"X\"}", "*"), 400);
        }

        @Test
        void a_token_revoked_by_sign_out_everywhere_cannot_edit() {
            Instant now = Instant.now();
            UserKey key = UserKey.of(issuer.issuer(), "revoked-editor");
            profiles.putProfile(key, new Profile("Before", Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), 1, now, now));
            env.signOuts().signOutEverywhere(key, now.plusSeconds(5));
            Responses.problem(patchMe("revoked-editor", "{\"displayName\":\"After\"}", "\"1\""), 401);
            assertEquals("Before", storedProfile("revoked-editor").get("displayName").s());
        }
    }

    @Nested
    class BadInput {
        private void assertUnchanged(String subject) {
            assertEquals("User " + subject, storedProfile(subject).get("displayName").s());
            assertEquals("1", storedProfile(subject).get("version").n());
        }

        @Test
        void an_unknown_field_is_400_naming_it_and_nothing_changes() {
            getMe("unknown");
            JsonNode problem = Responses.problem(patchMe("unknown", "{\"displayName\":\"X\",\"jobTitle\":\"CEO\"}", "\"1\""), 400);
            assertEquals("jobTitle", problem.path("errors").path(0).path("field").asText());
            assertUnchanged("unknown");
        }

        @Test
        void a_too_long_value_is_400_naming_the_field() {
            getMe("long");
            JsonNode problem = Responses.problem(patchMe("long", "{\"displayName\":\"" + "x".repeat(257) + "\"}", "\"1\""), 400);
            assertEquals("displayName", problem.path("errors").path(0).path("field").asText());
            assertTrue(problem.path("errors").path(0).path("message").asText().contains("256"));
            assertUnchanged("long");
        }

        /**
         * A Swedish person (profile language sv, and the web app asks in it: Accept-Language sv) reads
         * why a field is wrong in Swedish, with the code and the limit for a client to word it.
         */
        @Test
        void a_too_long_name_is_refused_in_swedish_for_a_swedish_person_with_its_code_and_limit() throws Exception {
            getMe("svensk");
            assertEquals(200, patchMe("svensk", "{\"preferredLanguage\":\"sv\"}", "\"1\"").getStatusCode());
            APIGatewayV2HTTPEvent event = patchEvent("svensk", "{\"displayName\":\"" + "x".repeat(257) + "\",\"phone\":\"070\"}", "\"2\"");
            event.getHeaders().put("accept-language", "sv");

            JsonNode problem = Responses.problem(patch.handleRequest(event, new TestContext()), 400);

            JsonNode name = problem.path("errors").path(0);
            assertEquals("displayName", name.path("field").asText(), problem::toString);
            assertEquals("too-long", name.path("code").asText(), problem::toString);
            assertEquals("256", name.path("params").path("max").asText(), problem::toString);
            assertEquals("får vara högst 256 tecken", name.path("message").asText());
            JsonNode phone = problem.path("errors").path(1);
            assertEquals("not-phone-number", phone.path("code").asText(), problem::toString);
            assertEquals("måste vara ett telefonnummer i internationell form, som +46701234567", phone.path("message").asText());
            assertEquals("2 fält är inte giltiga.", problem.path("detail").asText());
            assertEquals("sv", storedProfile("svensk").get("preferredLanguage").s());
            assertEquals("2", storedProfile("svensk").get("version").n());
        }

        @Test
        void a_name_that_is_not_valid_visible_text_is_400_naming_it_and_the_version_stays() {
            getMe("surrogate");
            for (String name : List.of("x\\ud800", "Ada\\u202e", "\\ufeffAda", "A\\u200bda")) {
                JsonNode problem = Responses.problem(patchMe("surrogate", "{\"displayName\":\"" + name + "\"}", "\"1\""), 400);
                assertEquals("displayName", problem.path("errors").path(0).path("field").asText(), name);
            }
            assertUnchanged("surrogate");
        }

        @Test
        void every_bad_field_is_listed_at_once() {
            getMe("many");
            JsonNode problem = Responses.problem(patchMe("many",
                    "{\"displayName\":\"\",\"phone\":\"0701234567\",\"preferredLanguage\":42,\"isAdmin\":true}", "\"1\""), 400);
            List<String> fields = new ArrayList<>();
            problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
            assertEquals(List.of("displayName", "phone", "preferredLanguage", "isAdmin"), fields);
            assertUnchanged("many");
        }

        @Test
        void a_body_over_16_KB_is_413() {
            getMe("huge");
            Responses.problem(patchMe("huge", "{\"displayName\":\"" + "x".repeat(17 * 1024) + "\"}", "\"1\""), 413);
            assertUnchanged("huge");
        }

        @Test
        void a_base64_body_over_16_KB_is_413() {
            getMe("huge64");
            APIGatewayV2HTTPEvent event = patchEvent("huge64", null, "\"1\"");
            event.setBody(Base64.getEncoder().encodeToString(("{\"displayName\":\"" + "x".repeat(17 * 1024) + "\"}").getBytes()));
            event.setIsBase64Encoded(true);
            Responses.problem(patch.handleRequest(event, new TestContext()), 413);
            assertUnchanged("huge64");
        }

        @Test
        void a_wrong_content_type_is_415() {
            getMe("form");
            APIGatewayV2HTTPEvent event = patchEvent("form", "displayName=X", "\"1\"");
            event.getHeaders().put("content-type", "application/x-www-form-urlencoded");
            Responses.problem(patch.handleRequest(event, new TestContext()), 415);
            assertUnchanged("form");
        }

        @Test
        void malformed_JSON_is_400() {
            getMe("malformed");
            for (String body : List.of("{\"displayName\":", "[]", "\"x\"", "{\"displayName\":\"a\"} {}",
                    "{\"displayName\":\"a\",\"displayName\":\"b\"}", "")) {
                Responses.problem(patchMe("malformed", body, "\"1\""), 400);
            }
            assertUnchanged("malformed");
        }

        @Test
        void an_empty_change_is_400() {
            getMe("empty");
            Responses.problem(patchMe("empty", "{}", "\"1\""), 400);
            assertUnchanged("empty");
        }
    }
}

package dev.myprofile.profile.userinfo;

import com.sun.net.httpserver.HttpServer;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The UserInfo endpoint's answer completes a new profile only when it is about the caller, and only with verified values. */
class UserInfoTest {
    private static final String SUB = "7b5c1d2e-0000-4000-8000-000000000001";

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static Caller caller(Caller.StandardClaims claims) {
        return new Caller("https://issuer.example", SUB, Instant.EPOCH, Optional.empty(), List.of(), Optional.empty(),
                claims, Set.of("openid"));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void an_answer_about_the_caller_gives_the_name_and_verified_address_cognito_s_string_flags_included() throws Exception {
        Caller.StandardClaims claims = UserInfo.read(bytes("{\"sub\":\"" + SUB + "\",\"name\":\" Grace Hopper \","
                + "\"email\":\"grace@contoso.example\",\"email_verified\":\"true\",\"username\":\"x\",\"nested\":{\"a\":[1]}}"), SUB);
        assertEquals(Optional.of("Grace Hopper"), claims.name());
        assertEquals(Optional.of("grace@contoso.example"), claims.email());
        assertEquals(Optional.of("a@b.example"),
                UserInfo.read(bytes("{\"sub\":\"" + SUB + "\",\"email\":\"a@b.example\",\"email_verified\":true}"), SUB).email());
    }

    @Test
    void an_unverified_address_or_number_is_left_out() throws Exception {
        Caller.StandardClaims claims = UserInfo.read(bytes("{\"sub\":\"" + SUB + "\",\"email\":\"x@y.example\",\"email_verified\":\"false\","
                + "\"phone_number\":\"+46701234567\",\"phone_number_verified\":false}"), SUB);
        assertEquals(Optional.empty(), claims.email());
        assertEquals(Optional.empty(), claims.phoneNumber());
    }

    @Test
    void an_answer_about_someone_else_or_no_one_or_not_json_is_not_used() {
        assertThrows(UserInfo.Unusable.class, () -> UserInfo.read(bytes("{\"sub\":\"someone-else\",\"name\":\"Mallory\"}"), SUB));
        assertThrows(UserInfo.Unusable.class, () -> UserInfo.read(bytes("{\"name\":\"Mallory\"}"), SUB));
        assertThrows(UserInfo.Unusable.class, () -> UserInfo.read(bytes("[]"), SUB));
        assertThrows(UserInfo.Unusable.class, () -> UserInfo.read(bytes("{\"sub\":"), SUB));
    }

    private UserInfo serving(int status, String body, AtomicReference<String> authorization, AtomicInteger calls) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/oauth2/userInfo", exchange -> {
            calls.incrementAndGet();
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] answer = bytes(body);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return UserInfo.from(new Config(Map.of("USERINFO_URL",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/userInfo")));
    }

    @Test
    void it_is_asked_with_the_caller_s_own_token_only_when_the_token_names_neither_person_nor_address() throws Exception {
        AtomicReference<String> authorization = new AtomicReference<>();
        AtomicInteger calls = new AtomicInteger();
        UserInfo userInfo = serving(200, "{\"sub\":\"" + SUB + "\",\"name\":\"Grace Hopper\",\"email\":\"grace@contoso.example\"}",
                authorization, calls);

        Caller.StandardClaims completed = userInfo.complete(caller(new Caller.StandardClaims(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("sv-SE"), Optional.of("contoso"))), "the-access-token");

        assertEquals("Bearer the-access-token", authorization.get());
        assertEquals(Optional.of("Grace Hopper"), completed.name());
        assertEquals(Optional.of("grace@contoso.example"), completed.email());
        assertEquals(Optional.of("sv-SE"), completed.locale(), "the token's own claims stay");
        assertEquals(Optional.of("contoso"), completed.organizationId(), "the organization is only ever the token's");

        Caller.StandardClaims named = new Caller.StandardClaims(Optional.of("Ada"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        assertEquals(named, userInfo.complete(caller(named), "the-access-token"));
        assertEquals(1, calls.get(), "a token that names the person is enough");
    }

    @Test
    void a_failing_endpoint_leaves_the_token_s_claims_as_they_are() throws Exception {
        Caller.StandardClaims bare = Caller.StandardClaims.none();
        AtomicInteger calls = new AtomicInteger();
        assertEquals(bare, serving(401, "{\"error\":\"invalid_token\"}", new AtomicReference<>(), calls).complete(caller(bare), "t"));
        stop();
        assertEquals(bare, serving(200, "x".repeat(70 * 1024), new AtomicReference<>(), calls).complete(caller(bare), "t"));
        stop();
        server = null;
        assertEquals(bare, UserInfo.from(new Config(Map.of("USERINFO_URL", "http://127.0.0.1:9/nothing-listens")))
                .complete(caller(bare), "t"));
        assertEquals(bare, UserInfo.from(new Config(Map.of())).complete(caller(bare), "t"), "not configured: not asked");
        assertEquals(2, calls.get());
    }
}

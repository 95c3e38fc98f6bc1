package dev.myprofile.profile.entrypoints;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.myprofile.profile.model.Profile;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.MutableClock;
import dev.myprofile.testkit.Responses;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import dev.myprofile.testkit.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SECURITY.md "Access tokens", one rule a test, each through the real GET /me handler against moto,
 * with tokens signed by a test key served from a real JWKS URL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessTokenRulesTest {
    private TestEnvironment env;
    private TestIssuer issuer;
    private ApiContract.Checked handler;

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
        issuer = env.issuer();
        handler = ApiContract.checked(new GetMeHandler(env.api()));
    }

    @AfterAll
    void stop() {
        env.close();
    }

    private APIGatewayV2HTTPResponse call(ApiContract.Checked h, String token) {
        return h.handleRequest(Events.withToken(Events.load("get-me"), token), new TestContext());
    }

    private APIGatewayV2HTTPResponse call(String token) {
        return call(handler, token);
    }

    private void assertAccepted(String token) {
        APIGatewayV2HTTPResponse response = call(token);
        assertEquals(200, response.getStatusCode(), response::getBody);
    }

    private void assertRejected(String token) {
        assertRejected(call(token));
    }

    private static void assertRejected(APIGatewayV2HTTPResponse response) {
        Responses.problem(response, 401);
        String challenge = Responses.header(response, "WWW-Authenticate");
        assertTrue(challenge != null && challenge.startsWith("Bearer ") && challenge.contains("error=\"invalid_token\""),
                () -> "RFC 6750 challenge expected, got " + challenge);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private String payloadOf(String token) {
        return token.split("\\.")[1];
    }

    @Nested
    @DisplayName("algorithms")
    class Algorithms {
        @Test
        void an_RS256_token_from_the_configured_issuer_is_accepted() {
            assertAccepted(issuer.token("alg-rs").sign());
        }

        @Test
        void an_ES256_token_from_the_configured_issuer_is_accepted() {
            assertAccepted(issuer.token("alg-es").signedWith(issuer.ecKey(), JWSAlgorithm.ES256).sign());
        }

        @Test
        void an_unsigned_alg_none_token_is_rejected() {
            String payload = payloadOf(issuer.token("alg-none").sign());
            assertRejected(b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + payload + ".");
        }

        @Test
        void an_HS256_token_keyed_with_the_public_key_is_rejected() throws Exception {
            byte[] publicKeyBytes = issuer.rsaKey().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
            var secret = new OctetSequenceKey.Builder(publicKeyBytes).keyID("rsa-1").build();
            assertRejected(issuer.token("alg-hs").signedWith(secret, JWSAlgorithm.HS256).sign());
        }

        @Test
        void an_algorithm_outside_the_allow_list_is_rejected() {
            assertRejected(issuer.token("alg-ps").signedWith(issuer.rsaKey(), JWSAlgorithm.PS256).sign());
        }

        @Test
        void an_ES256_signature_of_zeros_is_rejected() {
            String signed = issuer.token("alg-zero").signedWith(issuer.ecKey(), JWSAlgorithm.ES256).sign();
            String[] parts = signed.split("\\.");
            assertRejected(parts[0] + "." + parts[1] + "." + Base64URL.encode(new byte[64]));
        }
    }

    @Nested
    @DisplayName("keys carried in the token")
    class HeaderKeys {
        private final RSAKey attacker = TestIssuer.newRsaKey("rsa-1");

        @Test
        void a_token_carrying_its_own_jwk_is_rejected() {
            assertRejected(issuer.token("jwk").signedWith(attacker, JWSAlgorithm.RS256)
                    .header(h -> h.jwk(attacker.toPublicJWK())).sign());
        }

        @Test
        void a_token_pointing_at_its_own_jku_is_rejected() {
            assertRejected(issuer.token("jku").header(h -> h.jwkURL(URI.create("https://attacker.test/jwks.json"))).sign());
        }

        @Test
        void a_token_pointing_at_its_own_x5u_is_rejected() {
            assertRejected(issuer.token("x5u").header(h -> h.x509CertURL(URI.create("https://attacker.test/cert.pem"))).sign());
        }

        @Test
        void a_token_signed_by_an_unpublished_key_with_a_known_kid_is_rejected() {
            assertRejected(issuer.token("forged").signedWith(attacker, JWSAlgorithm.RS256).sign());
        }
    }

    @Nested
    @DisplayName("claims")
    class Claims {
        @Test
        void another_issuer_is_rejected() {
            assertRejected(issuer.token("iss").claim("iss", issuer.issuer() + "/other").sign());
        }

        @Test
        void an_issuer_differing_only_by_a_trailing_slash_is_rejected() {
            assertRejected(issuer.token("iss-slash").claim("iss", issuer.issuer() + "/").sign());
        }

        @Test
        void an_audience_without_ours_is_rejected() {
            assertRejected(issuer.token("aud").claim("aud", List.of("someone-else")).sign());
        }

        @Test
        void an_audience_list_containing_ours_is_accepted() {
            assertAccepted(issuer.token("aud-list").claim("aud", List.of("someone-else", TestIssuer.AUDIENCE)).sign());
        }

        @Test
        void a_token_expired_beyond_the_skew_is_rejected() {
            assertRejected(issuer.token("exp").claim("exp", Instant.now().minusSeconds(90)).sign());
        }

        @Test
        void a_token_expired_within_the_60_second_skew_is_accepted() {
            assertAccepted(issuer.token("exp-skew").claim("exp", Instant.now().minusSeconds(30)).sign());
        }

        @Test
        void a_token_without_exp_is_rejected() {
            assertRejected(issuer.token("no-exp").without("exp").sign());
        }

        @Test
        void a_token_without_iat_is_rejected() {
            assertRejected(issuer.token("no-iat").without("iat").sign());
        }

        @Test
        void a_token_without_sub_is_rejected() {
            assertRejected(issuer.token("no-sub").without("sub").sign());
        }

        @Test
        void a_token_issued_in_the_future_is_rejected() {
            assertRejected(issuer.token("iat-future").claim("iat", Instant.now().plusSeconds(600)).sign());
        }

        @Test
        void a_token_not_yet_valid_is_rejected() {
            assertRejected(issuer.token("nbf").claim("nbf", Instant.now().plusSeconds(120)).sign());
        }

        @Test
        void a_token_valid_from_within_the_skew_is_accepted() {
            assertAccepted(issuer.token("nbf-skew").claim("nbf", Instant.now().plusSeconds(30)).sign());
        }

        @Test
        void a_sign_in_time_in_the_future_beyond_the_skew_is_rejected() {
            assertRejected(issuer.token("auth-future").claim("auth_time", Instant.now().plusSeconds(3600)).sign());
        }

        @Test
        void a_sign_in_time_within_the_skew_is_accepted() {
            assertAccepted(issuer.token("auth-skew").claim("auth_time", Instant.now().plusSeconds(30)).sign());
        }

        @Test
        void a_token_living_longer_than_24_hours_is_rejected() {
            Instant now = Instant.now();
            assertRejected(issuer.token("life-long").claim("iat", now)
                    .claim("exp", now.plus(Duration.ofHours(24)).plusSeconds(1)).sign());
        }

        @Test
        void a_token_expiring_years_away_is_rejected() {
            Instant now = Instant.now();
            assertRejected(issuer.token("life-years").claim("iat", now).claim("exp", now.plus(Duration.ofDays(3650))).sign());
        }

        @Test
        void a_token_living_exactly_24_hours_is_accepted() {
            Instant now = Instant.now();
            assertAccepted(issuer.token("life-day").claim("iat", now).claim("exp", now.plus(Duration.ofHours(24))).sign());
        }

        @Test
        void the_lifetime_cap_is_configurable() {
            var strict = ApiContract.checked(new GetMeHandler(env.api(Map.of("TOKEN_MAX_LIFETIME_SECONDS", "3600"), Clock.systemUTC())));
            Instant now = Instant.now();
            assertEquals(200, call(strict, issuer.token("life-hour").claim("iat", now).claim("exp", now.plusSeconds(3600)).sign())
                    .getStatusCode());
            assertRejected(call(strict, issuer.token("life-hour-more").claim("iat", now).claim("exp", now.plusSeconds(3601)).sign()));
        }

        @Test
        void a_subject_longer_than_255_characters_is_rejected() {
            assertRejected(issuer.token("s".repeat(256)).sign());
        }
    }

    @Nested
    @DisplayName("token type")
    class TokenType {
        @Test
        void typ_JWT_is_rejected_when_at_jwt_is_required() {
            assertRejected(issuer.token("typ-jwt").type("JWT").sign());
        }

        @Test
        void a_missing_typ_is_rejected_when_at_jwt_is_required() {
            assertRejected(issuer.token("typ-none").type(null).sign());
        }

        @Test
        void typ_JWT_is_accepted_when_configured() {
            var lenient = ApiContract.checked(new GetMeHandler(env.api(Map.of("TOKEN_TYPES", "at+jwt,JWT"), Clock.systemUTC())));
            assertEquals(200, call(lenient, issuer.token("typ-jwt-ok").type("JWT").sign()).getStatusCode());
        }

        @Test
        void a_missing_typ_is_accepted_when_configured_as_absent() {
            var lenient = ApiContract.checked(new GetMeHandler(env.api(Map.of("TOKEN_TYPES", "absent"), Clock.systemUTC())));
            assertEquals(200, call(lenient, issuer.token("typ-absent-ok").type(null).sign()).getStatusCode());
        }
    }

    @Nested
    @DisplayName("Cognito access tokens")
    class Cognito {
        private ApiContract.Checked cognito() {
            return ApiContract.checked(new GetMeHandler(env.api(Map.of("TOKEN_AUDIENCE", "", "COGNITO_CLIENT_ID", "app-client",
                    "TOKEN_TYPES", "absent"), Clock.systemUTC())));
        }

        @Test
        void client_id_and_token_use_access_are_accepted() {
            String token = issuer.token("cognito").type(null).without("aud")
                    .claim("client_id", "app-client").claim("token_use", "access").sign();
            assertEquals(200, call(cognito(), token).getStatusCode());
        }

        @Test
        void an_id_token_is_rejected() {
            String token = issuer.token("cognito-id").type(null).without("aud")
                    .claim("client_id", "app-client").claim("token_use", "id").sign();
            assertRejected(call(cognito(), token));
        }

        @Test
        void another_client_is_rejected() {
            String token = issuer.token("cognito-other").type(null).without("aud")
                    .claim("client_id", "other-client").claim("token_use", "access").sign();
            assertRejected(call(cognito(), token));
        }
    }

    @Nested
    @DisplayName("key rotation and unknown key ids")
    class Rotation {
        @Test
        void a_flood_of_unknown_kids_fetches_the_JWKS_at_most_once_per_30_seconds() {
            MutableClock clock = MutableClock.now();
            var h = ApiContract.checked(new GetMeHandler(env.api(Map.of(), clock)));
            assertEquals(200, call(h, issuer.token("flood").sign()).getStatusCode());
            clock.advance(Duration.ofSeconds(31));
            int before = issuer.fetches();
            for (int i = 0; i < 200; i++) {
                var unknown = TestIssuer.newEcKey("unknown-" + i);
                assertRejected(call(h, issuer.token("flood").signedWith(unknown, JWSAlgorithm.ES256).sign()));
                clock.advance(Duration.ofMillis(100));
            }
            // 200 tokens over 20 s: one refetch for the first unknown kid, none for the rest.
            assertEquals(1, issuer.fetches() - before);
            clock.advance(Duration.ofSeconds(11));
            assertRejected(call(h, issuer.token("flood").signedWith(TestIssuer.newEcKey("late"), JWSAlgorithm.ES256).sign()));
            assertEquals(2, issuer.fetches() - before, "the interval has passed: one more fetch is allowed");
        }

        @Test
        void a_rotated_key_is_accepted_without_a_restart() {
            MutableClock clock = MutableClock.now();
            var h = ApiContract.checked(new GetMeHandler(env.api(Map.of(), clock)));
            assertEquals(200, call(h, issuer.token("rotate").sign()).getStatusCode());
            RSAKey next = TestIssuer.newRsaKey("rsa-2");
            issuer.publish(issuer.rsaKey().toPublicJWK(), issuer.ecKey().toPublicJWK(), next.toPublicJWK());
            try {
                clock.advance(Duration.ofSeconds(31));
                assertEquals(200, call(h, issuer.token("rotate").signedWith(next, JWSAlgorithm.RS256).sign()).getStatusCode());
            } finally {
                issuer.publish(issuer.rsaKey().toPublicJWK(), issuer.ecKey().toPublicJWK());
            }
        }

        @Test
        void an_unreachable_JWKS_answers_503_not_401_or_500() {
            var h = ApiContract.checked(new GetMeHandler(env.api(Map.of("JWKS_URI", "http://127.0.0.1:9/jwks.json"), Clock.systemUTC())));
            APIGatewayV2HTTPResponse response = call(h, issuer.token("no-keys").sign());
            Responses.problem(response, 503);
            assertEquals("2", Responses.header(response, "Retry-After"));
        }
    }

    @Nested
    @DisplayName("malformed tokens")
    class Malformed {
        @Test
        void a_missing_authorization_header_is_401_with_a_bearer_challenge() {
            var event = Events.load("get-me");
            event.getHeaders().remove("authorization");
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, new TestContext());
            Responses.problem(response, 401);
            assertTrue(Responses.header(response, "WWW-Authenticate").startsWith("Bearer"));
        }

        @Test
        void another_authorization_scheme_is_rejected() {
            var event = Events.load("get-me");
            event.getHeaders().put("authorization", "Basic dXNlcjpwYXNz");
            assertRejected(handler.handleRequest(event, new TestContext()));
        }

        @Test
        void a_token_over_8_KB_is_rejected() {
            assertRejected(issuer.token("big").claim("padding", "x".repeat(9000)).sign());
        }

        @Test
        void garbage_is_rejected() {
            for (String garbage : List.of("abc", "a.b", "a.b.c", "a.b.c.d", "....", "\u0000\u0001", "ey.ey.ey", "%%%.%%%.%%%")) {
                assertRejected(garbage);
            }
        }

        @Test
        void a_deeply_nested_payload_is_rejected() {
            String header = b64("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\"}");
            String nested = "[".repeat(3000) + "]".repeat(3000);
            assertRejected(header + "." + b64("{\"sub\":" + nested + "}") + ".c2ln");
        }

        @Test
        void a_payload_that_is_not_JSON_is_rejected() {
            String header = b64("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\"}");
            assertRejected(header + "." + b64("not json") + ".c2ln");
        }
    }

    /**
     * The header and claims are read with Jackson, not Nimbus's parsers (issue 23): the rules those
     * parsers applied still hold.
     */
    @Nested
    @DisplayName("reading the token")
    class Reading {
        /** The header of a valid token, these claims as written, signed with the issuer's key. */
        private String signedAsWritten(String claimsJson) throws Exception {
            String header = issuer.token("raw").sign().split("\\.")[0];
            String input = header + "." + b64(claimsJson);
            return input + "." + new RSASSASigner(issuer.rsaKey())
                    .sign(new JWSHeader(JWSAlgorithm.RS256), input.getBytes(StandardCharsets.US_ASCII));
        }

        private String claims(String subjectMembers) {
            long now = Instant.now().getEpochSecond();
            return "{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"" + issuer.settings().get("TOKEN_AUDIENCE") + "\","
                    + subjectMembers + ",\"iat\":" + now + ",\"exp\":" + (now + 300) + "}";
        }

        @Test
        void a_token_signed_as_written_is_accepted() throws Exception {
            assertAccepted(signedAsWritten(claims("\"sub\":\"raw\"")));
        }

        @Test
        void a_claim_named_twice_is_rejected() throws Exception {
            assertRejected(signedAsWritten(claims("\"sub\":\"raw\",\"sub\":\"someone-else\"")));
        }

        @Test
        void an_unknown_critical_header_parameter_is_rejected() {
            assertRejected(issuer.token("crit").header(h -> h.criticalParams(Set.of("custom")).customParam("custom", 1)).sign());
        }

        @Test
        void registered_claims_of_the_wrong_type_are_rejected() {
            assertRejected(issuer.token("exp-text").claim("exp", "tomorrow").sign());
            assertRejected(issuer.token("iat-text").claim("iat", "today").sign());
            assertRejected(issuer.token("iss-list").claim("iss", List.of(issuer.issuer())).sign());
            assertRejected(issuer.token("aud-mixed").claim("aud", List.of(issuer.settings().get("TOKEN_AUDIENCE"), 7)).sign());
            assertRejected(issuer.token("auth-time-text").claim("auth_time", "now").sign());
        }

        @Test
        void a_numeric_subject_is_read_as_its_digits_as_before() {
            assertAccepted(issuer.token("sub-number").claim("sub", 42).sign());
        }

        @Test
        void a_single_audience_string_is_accepted() {
            assertAccepted(issuer.token("aud-string").claim("aud", issuer.settings().get("TOKEN_AUDIENCE")).sign());
        }
    }

    @Nested
    @DisplayName("sign out everywhere")
    class SignOutEverywhere {
        @Test
        void a_token_issued_before_the_users_not_before_time_is_rejected_and_a_later_one_accepted() {
            Instant now = Instant.now();
            String subject = "signed-out";
            env.signOuts().signOutEverywhere(UserKey.of(issuer.issuer(), subject), now.minusSeconds(10));

            assertRejected(issuer.token(subject).claim("iat", now.minusSeconds(60)).sign());
            assertAccepted(issuer.token(subject).claim("iat", now.minusSeconds(5)).sign());
        }
    }
}

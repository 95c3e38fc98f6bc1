package dev.myprofile.shared.auth;

import dev.myprofile.shared.config.Config;
import dev.myprofile.testkit.ClassLoadLog;
import dev.myprofile.testkit.TestIssuer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 23: the token check on a cold start loads one JSON library. A fresh JVM fetches the key set
 * from a real JWKS URL and validates one token, with class loading logged; Nimbus's bundled Gson
 * (~135 classes on every cold start) must not be among what it loads.
 */
class TokenPathClassesTest {
    private static final String GSON = "com.nimbusds.jose.shaded.gson.";

    @Test
    void a_cold_token_check_loads_no_gson() throws Exception {
        try (TestIssuer issuer = TestIssuer.start()) {
            String token = issuer.token("cold-subject").sign();
            Map<String, String> settings = issuer.settings();
            ClassLoadLog child = ClassLoadLog.of(Child.class,
                    settings.get("TOKEN_ISSUER"), settings.get("TOKEN_AUDIENCE"), settings.get("JWKS_URI"), token);
            assertTrue(child.printed("SUBJECT cold-subject"), "the child validated the token");
            assertFalse(child.loaded("com.nimbusds.jose.crypto.RSASSAVerifier ").isEmpty(),
                    "the class-load log shows Nimbus's verifier, so it would show Gson too");
            List<String> gson = child.loaded(GSON);
            assertTrue(gson.isEmpty(), () -> gson.size() + " Gson classes loaded, first: " + gson.get(0));
        }
    }

    /** The child: the layer's validator and key cache, as a function's first request uses them. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            TokenSettings settings = TokenSettings.from(new Config(Map.of(
                    "TOKEN_ISSUER", args[0], "TOKEN_AUDIENCE", args[1], "JWKS_URI", args[2])));
            JwksCache keys = new JwksCache(new URL(args[2]), Clock.systemUTC(),
                    settings.jwksMinRefreshInterval(), settings.jwksCacheTtl());
            Caller caller = new TokenValidator(settings, keys, Clock.systemUTC()).validate(Optional.of("Bearer " + args[3]));
            System.out.println("SUBJECT " + caller.subject());
        }
    }
}

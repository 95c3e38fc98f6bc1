package dev.myprofile.sessions.entrypoints;

import dev.myprofile.shared.auth.JwksCache;
import dev.myprofile.shared.auth.TokenSettings;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.auth.TokenValidator;
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

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sign out everywhere's token path loads one JSON library, as every other function's does
 * ({@code TokenPathClassesTest}): a fresh JVM validates a token with Cognito's {@code username} claim
 * and reads that claim as the handler does, with class loading logged; Nimbus's bundled Gson must not
 * be among what it loads.
 */
class SignOutEverywhereClassesTest {

    @Test
    void reading_the_username_loads_no_gson() throws Exception {
        try (TestIssuer issuer = TestIssuer.start()) {
            String token = issuer.token("cold-subject").claim("username", "pool-name-of-ada").sign();
            Map<String, String> settings = issuer.settings();
            ClassLoadLog child = ClassLoadLog.of(Child.class,
                    settings.get("TOKEN_ISSUER"), settings.get("TOKEN_AUDIENCE"), settings.get("JWKS_URI"), token);
            assertTrue(child.printed("USERNAME pool-name-of-ada"), "the child validated the token and read the username");
            List<String> gson = child.loaded("com.nimbusds.jose.shaded.gson.");
            assertTrue(gson.isEmpty(), () -> gson.size() + " Gson classes loaded, first: " + gson.get(0));
        }
    }

    /** The child: the layer's validator, which reads the username the handler uses with the other claims. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            TokenSettings settings = TokenSettings.from(new Config(Map.of(
                    "TOKEN_ISSUER", args[0], "TOKEN_AUDIENCE", args[1], "JWKS_URI", args[2])));
            JwksCache keys = new JwksCache(new URL(args[2]), Clock.systemUTC(), settings.jwksMinRefreshInterval(), settings.jwksCacheTtl());
            Caller caller = new TokenValidator(settings, keys, Clock.systemUTC()).validate(Optional.of("Bearer " + args[3]));
            System.out.println("USERNAME " + caller.username().orElse("(none)"));
        }
    }
}

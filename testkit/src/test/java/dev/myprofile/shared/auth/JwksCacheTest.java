package dev.myprofile.shared.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import dev.myprofile.testkit.MutableClock;
import dev.myprofile.testkit.TestIssuer;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JwksCacheTest {
    private static final JWKSelector KEY_ONE = new JWKSelector(new JWKMatcher.Builder().keyID("rsa-1").build());
    private static final JWKSelector UNKNOWN = new JWKSelector(new JWKMatcher.Builder().keyID("nope").build());

    @Test
    void keys_are_fetched_once_and_then_served_from_memory_until_the_time_to_live() throws Exception {
        try (TestIssuer issuer = TestIssuer.start()) {
            MutableClock clock = MutableClock.now();
            JwksCache cache = new JwksCache(issuer.jwksUri().toURL(), clock, Duration.ofSeconds(30), Duration.ofMinutes(5));
            for (int i = 0; i < 50; i++) {
                assertEquals(1, cache.get(KEY_ONE, null).size());
            }
            assertEquals(1, issuer.fetches());
            clock.advance(Duration.ofMinutes(6));
            cache.get(KEY_ONE, null);
            assertEquals(2, issuer.fetches());
        }
    }

    @Test
    void unknown_key_ids_refetch_at_most_once_per_interval() throws Exception {
        try (TestIssuer issuer = TestIssuer.start()) {
            MutableClock clock = MutableClock.now();
            JwksCache cache = new JwksCache(issuer.jwksUri().toURL(), clock, Duration.ofSeconds(30), Duration.ofMinutes(5));
            cache.get(KEY_ONE, null);
            clock.advance(Duration.ofSeconds(30));
            for (int i = 0; i < 100; i++) {
                assertEquals(0, cache.get(UNKNOWN, null).size());
            }
            assertEquals(2, issuer.fetches());
        }
    }

    @Test
    void held_keys_keep_working_when_a_refresh_fails() throws Exception {
        TestIssuer issuer = TestIssuer.start();
        MutableClock clock = MutableClock.now();
        JwksCache cache = new JwksCache(issuer.jwksUri().toURL(), clock, Duration.ofSeconds(30), Duration.ofMinutes(5));
        cache.get(KEY_ONE, null);
        issuer.close();
        clock.advance(Duration.ofMinutes(10));
        assertEquals(1, cache.get(KEY_ONE, null).size());
    }

    @Test
    void no_keys_at_all_is_a_key_source_failure_not_an_empty_answer() throws Exception {
        JwksCache cache = new JwksCache(new URL("http://127.0.0.1:9/jwks.json"), MutableClock.now(),
                Duration.ofSeconds(30), Duration.ofMinutes(5));
        assertThrows(KeySourceException.class, () -> cache.get(KEY_ONE, null));
    }
}

package dev.myprofile.shared.dynamodb;

import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-user limits counted in DynamoDB (moto): a fixed window, a wait until it opens, a TTL on each counter. */
class RateLimitsTest {
    private final Moto moto = Moto.shared();
    private final String table = moto.newTable();
    private final RateLimits limits = new RateLimits(moto.dynamo(), table);
    private final RateLimits.Limit threePerMinute = new RateLimits.Limit("writes", 3, Duration.ofMinutes(1));
    private final UserKey ada = UserKey.of("https://issuer.example", "ada");

    @Test
    void requests_within_the_limit_pass_and_the_next_waits_until_the_window_opens() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:15Z"));
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), limits.acquire(ada, threePerMinute, clock.instant()));
        }
        assertEquals(Optional.of(Duration.ofSeconds(45)), limits.acquire(ada, threePerMinute, clock.instant()));
        clock.advance(Duration.ofSeconds(44));
        assertEquals(Optional.of(Duration.ofSeconds(1)), limits.acquire(ada, threePerMinute, clock.instant()));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), limits.acquire(ada, threePerMinute, clock.instant()), "a new window");
    }

    @Test
    void each_user_and_each_limit_counts_apart() {
        Instant now = Instant.parse("2026-11-29T11:00:00Z");
        RateLimits.Limit onePerHour = new RateLimits.Limit("device-registrations", 1, Duration.ofHours(1));
        assertEquals(Optional.empty(), limits.acquire(ada, onePerHour, now));
        assertTrue(limits.acquire(ada, onePerHour, now).isPresent());
        assertEquals(Optional.empty(), limits.acquire(UserKey.of("https://issuer.example", "grace"), onePerHour, now));
        assertEquals(Optional.empty(), limits.acquire(ada, threePerMinute, now));
    }

    @Test
    void a_counter_lives_in_the_users_partition_and_expires_after_its_window() {
        Instant now = Instant.parse("2026-11-29T12:00:30Z");
        UserKey grace = UserKey.of("https://issuer.example", "grace-ttl");
        limits.acquire(grace, threePerMinute, now);
        List<Map<String, AttributeValue>> items = moto.dynamo().query(r -> r.tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", Items.s(grace.partition())))).items();
        assertEquals(1, items.size());
        assertTrue(items.get(0).get("sk").s().startsWith("RATE#writes#"));
        long expiresAt = Long.parseLong(items.get(0).get("expiresAt").n());
        assertTrue(expiresAt > now.getEpochSecond() && expiresAt <= now.plus(Duration.ofMinutes(2)).getEpochSecond(),
                "expires once its window has passed: " + expiresAt);
    }
}

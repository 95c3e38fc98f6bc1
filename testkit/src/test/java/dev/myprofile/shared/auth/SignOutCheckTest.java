package dev.myprofile.shared.auth;

import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.problem.Problem;
import dev.myprofile.testkit.CountingProxy;
import dev.myprofile.testkit.MutableClock;
import dev.myprofile.testkit.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Sign out everywhere" as the pipeline checks it, against DynamoDB (moto), counting the requests on
 * the wire: a change always reads the time afresh; a read reuses the container's copy for at most
 * the configured staleness (never over 60 s), so a revoked token is refused everywhere within it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignOutCheckTest {
    private TestEnvironment env;
    private CountingProxy proxy;
    private DynamoSignOuts counted;
    private final MutableClock clock = MutableClock.now();

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
        proxy = CountingProxy.to(env.moto().endpoint());
        counted = new DynamoSignOuts(env.platform(Map.of("DYNAMODB_ENDPOINT", proxy.endpoint().toString()), clock).dynamo(),
                env.table());
    }

    @AfterAll
    void stop() {
        proxy.close();
        env.close();
    }

    private Caller issuedAt(String subject, Instant issuedAt) {
        return new Caller(env.issuer().issuer(), subject, issuedAt, Optional.of(issuedAt), List.of("pwd"), Optional.empty(),
                Caller.StandardClaims.none(), java.util.Set.of());
    }

    private UserKey user(String subject) {
        return UserKey.of(env.issuer().issuer(), subject);
    }

    private static void assertRevoked(Runnable check) {
        Problem problem = assertThrows(Problem.class, check::run);
        assertEquals(401, problem.status());
        assertTrue(problem.headers().get("WWW-Authenticate").startsWith("Bearer error=\"invalid_token\""));
    }

    @Test
    void a_token_issued_before_the_sign_out_is_refused_and_one_issued_after_is_accepted() {
        SignOutCheck check = new SignOutCheck(counted, Duration.ofSeconds(60), clock);
        Instant signOut = clock.instant().minusSeconds(30);
        env.signOuts().signOutEverywhere(user("revoked"), signOut);

        assertRevoked(() -> check.check(issuedAt("revoked", signOut.minusSeconds(1)), false));
        assertRevoked(() -> check.check(issuedAt("revoked", signOut.minusSeconds(1)), true));
        assertDoesNotThrow(() -> check.check(issuedAt("revoked", signOut), false));
        assertDoesNotThrow(() -> check.check(issuedAt("revoked", signOut.plusSeconds(1)), true));
    }

    @Test
    void a_read_reuses_the_known_time_for_up_to_the_staleness_then_reads_it_again() {
        SignOutCheck check = new SignOutCheck(counted, Duration.ofSeconds(60), clock);
        Caller caller = issuedAt("reader", clock.instant());
        proxy.clear();

        check.check(caller, false);
        check.check(caller, false);
        clock.advance(Duration.ofSeconds(59));
        check.check(caller, false);
        assertEquals(List.of("GetItem"), proxy.operations());

        clock.advance(Duration.ofSeconds(1));
        check.check(caller, false);
        assertEquals(List.of("GetItem", "GetItem"), proxy.operations());
    }

    @Test
    void a_change_always_reads_the_time_afresh() {
        SignOutCheck check = new SignOutCheck(counted, Duration.ofSeconds(60), clock);
        Caller caller = issuedAt("writer", clock.instant());
        check.check(caller, false);
        proxy.clear();

        check.check(caller, true);
        check.check(caller, true);
        assertEquals(List.of("GetItem", "GetItem"), proxy.operations());
    }

    @Test
    void a_revoked_token_is_refused_on_a_change_at_once_and_on_a_read_within_the_staleness() {
        SignOutCheck check = new SignOutCheck(counted, Duration.ofSeconds(60), clock);
        Caller before = issuedAt("everywhere", clock.instant().minusSeconds(5));
        check.check(before, false);

        env.signOuts().signOutEverywhere(user("everywhere"), clock.instant());

        assertRevoked(() -> check.check(before, true));
        clock.advance(Duration.ofSeconds(60));
        assertRevoked(() -> check.check(before, false));
    }

    @Test
    void the_time_never_moves_backwards() {
        SignOutCheck check = new SignOutCheck(counted, Duration.ZERO, clock);
        Instant later = clock.instant();
        env.signOuts().signOutEverywhere(user("twice"), later);
        env.signOuts().signOutEverywhere(user("twice"), later.minusSeconds(600));
        assertRevoked(() -> check.check(issuedAt("twice", later.minusSeconds(1)), false));
    }

    @Test
    void a_staleness_over_60_seconds_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new SignOutCheck(counted, Duration.ofSeconds(61), clock));
    }
}

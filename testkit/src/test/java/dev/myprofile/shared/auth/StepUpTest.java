package dev.myprofile.shared.auth;

import dev.myprofile.shared.problem.Problem;
import dev.myprofile.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 9470 step-up: a recent sign-in, and multi-factor once the user can do MFA. */
class StepUpTest {
    private final MutableClock clock = MutableClock.now();
    private final StepUp stepUp = new StepUp(Duration.ofMinutes(10), clock);

    private Caller signedIn(Duration ago, List<String> amr) {
        Instant authTime = clock.instant().minus(ago);
        return new Caller("https://issuer", "user", clock.instant(), Optional.of(authTime), amr, Optional.empty(), Caller.StandardClaims.none(), java.util.Set.of());
    }

    private static void assertChallenge(Problem problem) {
        assertEquals(401, problem.status());
        String challenge = problem.headers().get("WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer error=\"insufficient_user_authentication\""), challenge);
        assertTrue(challenge.contains("error_description=\""), challenge);
        assertTrue(challenge.endsWith("max_age=600"), challenge);
    }

    @Test
    void a_fresh_multi_factor_sign_in_passes() {
        assertDoesNotThrow(() -> stepUp.require(signedIn(Duration.ofMinutes(9), List.of("pwd", "mfa")), user -> true));
    }

    @Test
    void a_sign_in_older_than_ten_minutes_is_challenged() {
        assertChallenge(assertThrows(Problem.class,
                () -> stepUp.require(signedIn(Duration.ofMinutes(11), List.of("pwd", "mfa")), user -> true)));
    }

    @Test
    void a_token_without_auth_time_is_challenged() {
        Caller caller = new Caller("https://issuer", "user", clock.instant(), Optional.empty(), List.of("mfa"), Optional.empty(),
                Caller.StandardClaims.none(), java.util.Set.of());
        assertChallenge(assertThrows(Problem.class, () -> stepUp.require(caller, user -> false)));
    }

    @Test
    void a_single_factor_sign_in_is_challenged_once_the_user_has_an_MFA_method() {
        assertChallenge(assertThrows(Problem.class,
                () -> stepUp.require(signedIn(Duration.ofMinutes(1), List.of("pwd")), user -> true)));
    }

    @Test
    void a_single_factor_sign_in_is_enough_while_the_user_has_no_MFA_method() {
        assertDoesNotThrow(() -> stepUp.require(signedIn(Duration.ofMinutes(1), List.of("pwd")), user -> false));
    }
}

package dev.myprofile.shared.auth;

import dev.myprofile.shared.problem.Problem;
import dev.myprofile.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 9470 step-up: a recent sign-in, and multi-factor (by the one MultiFactorPolicy) once the user can do MFA. */
class StepUpTest {
    private static final MfaMethods HAS_MFA = user -> true;
    private static final MfaMethods NO_MFA = user -> false;

    private final MutableClock clock = MutableClock.now();
    private final StepUp stepUp = new StepUp(Duration.ofMinutes(10), clock, MultiFactorPolicy.AMR);
    private final StepUp cognito = new StepUp(Duration.ofMinutes(10), clock, MultiFactorPolicy.COGNITO);

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
        assertDoesNotThrow(() -> stepUp.require(signedIn(Duration.ofMinutes(9), List.of("pwd", "mfa")), HAS_MFA));
    }

    @Test
    void a_sign_in_older_than_ten_minutes_is_challenged() {
        assertChallenge(assertThrows(Problem.class,
                () -> stepUp.require(signedIn(Duration.ofMinutes(11), List.of("pwd", "mfa")), HAS_MFA)));
    }

    @Test
    void a_token_without_auth_time_is_challenged() {
        Caller caller = new Caller("https://issuer", "user", clock.instant(), Optional.empty(), List.of("mfa"), Optional.empty(),
                Caller.StandardClaims.none(), Set.of());
        assertChallenge(assertThrows(Problem.class, () -> stepUp.require(caller, NO_MFA)));
    }

    @Test
    void a_single_factor_sign_in_is_challenged_once_the_user_has_an_MFA_method() {
        assertChallenge(assertThrows(Problem.class,
                () -> stepUp.require(signedIn(Duration.ofMinutes(1), List.of("pwd")), HAS_MFA)));
    }

    @Test
    void a_single_factor_sign_in_is_enough_while_the_user_has_no_MFA_method() {
        assertDoesNotThrow(() -> stepUp.require(signedIn(Duration.ofMinutes(1), List.of("pwd")), NO_MFA));
    }

    @Test
    void one_method_alone_is_one_factor_whatever_it_is() {
        for (String single : List.of("otp", "sms", "tel", "hwk", "swk", "face", "fpt", "fido")) {
            assertChallenge(assertThrows(Problem.class,
                    () -> stepUp.require(signedIn(Duration.ofMinutes(1), List.of(single)), HAS_MFA), single));
        }
        assertChallenge(assertThrows(Problem.class,
                () -> stepUp.require(signedIn(Duration.ofMinutes(1), List.of("sms", "sms")), HAS_MFA)));
        assertChallenge(assertThrows(Problem.class,
                () -> stepUp.require(signedIn(Duration.ofMinutes(1), List.of("otp", "rba", "geo")), HAS_MFA)));
    }

    @Test
    void two_distinct_methods_count_as_multi_factor() {
        assertDoesNotThrow(() -> stepUp.require(signedIn(Duration.ofMinutes(1), List.of("pwd", "otp")), HAS_MFA));
        assertDoesNotThrow(() -> stepUp.require(signedIn(Duration.ofMinutes(1), List.of("hwk", "pin")), HAS_MFA));
    }

    @Test
    void a_cognito_sign_in_of_a_user_with_MFA_on_counts_as_multi_factor_because_Cognito_asked_for_it() {
        assertDoesNotThrow(() -> cognito.require(signedIn(Duration.ofMinutes(1), List.of()), HAS_MFA));
    }

    @Test
    void a_stale_cognito_sign_in_is_challenged_all_the_same() {
        assertChallenge(assertThrows(Problem.class, () -> cognito.require(signedIn(Duration.ofMinutes(11), List.of()), HAS_MFA)));
    }

    @Test
    void another_providers_token_without_amr_is_one_factor() {
        assertChallenge(assertThrows(Problem.class, () -> stepUp.require(signedIn(Duration.ofMinutes(1), List.of()), HAS_MFA)));
    }

    @Test
    void with_amr_present_a_cognito_token_follows_the_amr_rule() {
        assertChallenge(assertThrows(Problem.class, () -> cognito.require(signedIn(Duration.ofMinutes(1), List.of("sms")), HAS_MFA)));
    }
}

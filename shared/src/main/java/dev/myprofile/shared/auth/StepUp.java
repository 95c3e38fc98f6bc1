package dev.myprofile.shared.auth;

import dev.myprofile.shared.problem.Problem;

import java.time.Clock;
import java.time.Duration;

/**
 * RFC 9470 step-up for sensitive operations: the sign-in behind the token must be recent, and
 * multi-factor ({@link MultiFactorPolicy}) once the user has a method that can do MFA. Otherwise 401
 * with the challenge, before anything changes.
 */
public final class StepUp {
    private final Duration maxAge;
    private final Clock clock;
    private final MultiFactorPolicy policy;

    public StepUp(Duration maxAge, Clock clock, MultiFactorPolicy policy) {
        this.maxAge = maxAge;
        this.clock = clock;
        this.policy = policy;
    }

    /** Asks {@code methods} whether the user has an MFA method only when the sign-in was single-factor. */
    public void require(Caller caller, MfaMethods methods) {
        boolean fresh = caller.authTime()
                .map(t -> !t.isBefore(clock.instant().minus(maxAge)))
                .orElse(false);
        if (!fresh) {
            throw challenge("A sign-in within the last " + inWords(maxAge) + " is required.");
        }
        if (!policy.multiFactor(caller, methods) && methods.anyRegistered(caller.userKey())) {
            throw challenge("A multi-factor sign-in is required.");
        }
    }

    private static String inWords(Duration age) {
        long seconds = age.toSeconds();
        if (seconds % 60 != 0) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = seconds / 60;
        return minutes == 1 ? "minute" : minutes + " minutes";
    }

    private Problem challenge(String description) {
        return Problem.of(401, "step-up-required", "Please sign in again", description)
                .with("maxAge", maxAge.toSeconds())
                .withHeader("WWW-Authenticate", "Bearer error=\"insufficient_user_authentication\", "
                        + "error_description=\"" + description + "\", max_age=" + maxAge.toSeconds());
    }
}

package dev.myprofile.activity.signins;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One sign-in as the sign-in service's threat protection recorded it: when, how it ended, which
 * steps were asked and how each went, from where (place, address) and what (the device's name), the
 * risk it saw, and what the person said about it ("this was me": {@code valid}; "this wasn't me":
 * {@code invalid}).
 */
public record SignIn(
        String id,
        Instant at,
        Result result,
        List<Step> steps,
        Optional<String> city,
        Optional<String> country,
        Optional<String> ipAddress,
        Optional<String> deviceName,
        Optional<String> risk,
        Optional<String> feedback) {

    /** How the sign-in ended: let in, refused (a wrong password or code), blocked for its risk, or left unfinished. */
    public enum Result {
        SUCCESS("success"), FAILED("failed"), BLOCKED("blocked"), INCOMPLETE("incomplete");

        private final String wireName;

        Result(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** A step the sign-in asked for ({@code password} or {@code second-step}) and whether it was passed. */
    public record Step(String step, boolean passed) {}
}

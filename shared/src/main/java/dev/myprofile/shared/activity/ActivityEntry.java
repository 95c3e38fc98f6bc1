package dev.myprofile.shared.activity;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of a user's security history: when (UTC), what ({@code operation}, named
 * {@code <subject type>.<verb>}), about which {@link Subject} (its id, and its name as the user knew
 * it then), and who did it from where ({@link Origin}). Kept 365 days.
 */
public record ActivityEntry(Instant at, String operation, Subject subject, Origin origin) {

    /** What an entry is about: a device, a method, an organization, the password, the sessions, the profile. */
    public record Subject(String type, Optional<String> id, Optional<String> name) {
        public static final String DEVICE = "device";
        public static final String METHOD = "method";
        public static final String ORGANIZATION = "organization";
        public static final String PASSWORD = "password";
        public static final String SESSION = "session";
        public static final String PROFILE = "profile";

        public static Subject of(String type, String id, String name) {
            return new Subject(type, Optional.ofNullable(id), Optional.ofNullable(name).filter(n -> !n.isBlank()));
        }
    }

    /** Who made the change ({@code user} or {@code cleanup}) and, for a person, from which address and browser. */
    public record Origin(String actor, Optional<String> sourceIp, Optional<String> userAgent) {
        public static final Origin CLEANUP = new Origin("cleanup", Optional.empty(), Optional.empty());
        private static final int MAX_USER_AGENT = 512;

        public static Origin user(String sourceIp, String userAgent) {
            return new Origin("user",
                    Optional.ofNullable(sourceIp).filter(s -> !s.isBlank()),
                    Optional.ofNullable(userAgent).filter(s -> !s.isBlank())
                            .map(a -> a.length() > MAX_USER_AGENT ? a.substring(0, MAX_USER_AGENT) : a));
        }
    }
}

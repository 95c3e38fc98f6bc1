package dev.myprofile.shared.auth;

import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.problem.Problem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The pipeline's "sign out everywhere" check, on every route. A change (any method but GET/HEAD)
 * reads the user's not-before time afresh, so a revoked token can never change anything. A read
 * uses this container's copy when it is younger than {@code maxStaleness} (at most 60 s), so a page
 * stays one DynamoDB request while a revoked token is refused everywhere within that bound.
 */
public final class SignOutCheck {
    public static final Duration MAX_STALENESS = Duration.ofSeconds(60);
    private static final int MAX_USERS = 10_000;

    private record Known(Optional<Instant> notBefore, Instant readAt) {}

    private final SignOuts signOuts;
    private final Duration maxStaleness;
    private final Clock clock;
    private final Map<UserKey, Known> known = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UserKey, Known> eldest) {
            return size() > MAX_USERS;
        }
    };

    public SignOutCheck(SignOuts signOuts, Duration maxStaleness, Clock clock) {
        if (maxStaleness.isNegative() || maxStaleness.compareTo(MAX_STALENESS) > 0) {
            throw new IllegalArgumentException("the not-before time may be cached for 0 to 60 seconds, not " + maxStaleness);
        }
        this.signOuts = signOuts;
        this.maxStaleness = maxStaleness;
        this.clock = clock;
    }

    /** @param change whether the request may change something (then the time is read afresh) */
    public void check(Caller caller, boolean change) {
        Optional<Instant> notBefore = notBefore(caller.userKey(), change);
        if (notBefore.isPresent() && caller.issuedAt().isBefore(notBefore.get())) {
            throw problem();
        }
    }

    private Optional<Instant> notBefore(UserKey user, boolean fresh) {
        Instant now = clock.instant();
        if (!fresh) {
            Known cached;
            synchronized (known) {
                cached = known.get(user);
            }
            if (cached != null && cached.readAt().plus(maxStaleness).isAfter(now)) {
                return cached.notBefore();
            }
        }
        Optional<Instant> read = signOuts.notBefore(user);
        synchronized (known) {
            known.put(user, new Known(read, now));
        }
        return read;
    }

    public static Problem problem() {
        return Problem.of(401, "invalid-token", "Sign-in required", "You were signed out everywhere. Sign in again.")
                .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"The token was revoked\"");
    }
}

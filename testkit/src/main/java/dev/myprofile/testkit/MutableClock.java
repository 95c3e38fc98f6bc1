package dev.myprofile.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves by hand, so time-based rules are tested without sleeping. {@link #now()} stands
 * still between moves; {@link #ticking()} follows the system clock, plus the moves, for a test whose
 * tokens come from a real issuer stamping the real time (a clock standing still falls behind them,
 * and past the allowed skew their {@code iat} is "in the future").
 */
public final class MutableClock extends Clock {
    private final boolean ticks;
    /** Standing still: the time. Ticking: the moves so far, added to the system clock. */
    private volatile Instant now;
    private volatile Duration moved = Duration.ZERO;

    public MutableClock(Instant start) {
        this(start, false);
    }

    private MutableClock(Instant start, boolean ticks) {
        this.now = start;
        this.ticks = ticks;
    }

    public static MutableClock now() {
        return new MutableClock(Instant.now());
    }

    /** The system clock's time, moved by {@link #advance} as a test needs. */
    public static MutableClock ticking() {
        return new MutableClock(Instant.EPOCH, true);
    }

    public void advance(Duration duration) {
        if (ticks) {
            moved = moved.plus(duration);
        } else {
            now = now.plus(duration);
        }
    }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return ticks ? Instant.now().plus(moved) : now; }
}

package dev.tokengate.revoke.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Waits until a moment of a clock: the real one sleeps; tests move a test clock instead. */
@FunctionalInterface
public interface Pause {
    void until(Instant moment);

    /** Sleeps the calling thread until {@code clock} reads {@code moment} (at once if it already does). */
    static Pause sleeping(Clock clock) {
        return moment -> {
            Duration left = Duration.between(clock.instant(), moment);
            if (left.isNegative() || left.isZero()) {
                return;
            }
            try {
                Thread.sleep(left.toMillis(), left.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }
}

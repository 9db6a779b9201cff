package dev.tokengate.lambdatier.sandbox;

import java.time.Duration;
import java.util.Optional;

/**
 * How long a sandbox took to start, on the tier's clock from the moment it started the function's JVM, split as
 * Lambda's REPORT line splits it. On demand, init ends when the runtime client first asks for an event. With
 * SnapStart, init ends when the client, its {@code beforeCheckpoint} hooks done (the priming), asks for the restore;
 * restore lasts from there until it first asks for an event (its {@code afterRestore} hooks). No snapshot is taken
 * or restored here: the same process goes on, so restore holds only the hooks, never the loading of a snapshot.
 *
 * @param restore present for a SnapStart init
 */
public record StartTimes(Duration init, Optional<Duration> restore) {
    /** Process start to the first request for an event. */
    public Duration total() {
        return restore.map(init::plus).orElse(init);
    }
}

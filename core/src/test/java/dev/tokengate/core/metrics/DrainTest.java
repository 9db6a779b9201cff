package dev.tokengate.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DrainTest {
    @Test
    void aTallyReportsEveryEventExactlyOnceAcrossConcurrentDrains() throws Exception {
        Tally tally = new Tally();
        AtomicLong drained = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            pool.submit(() -> {
                for (int n = 0; n < 10_000; n++) {
                    tally.add();
                    if (n % 7 == 0) {
                        drained.addAndGet(tally.drain());
                    }
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(drained.get() + tally.drain()).isEqualTo(40_000);
        assertThat(tally.drain()).isZero();
    }

    @Test
    void timingsAreMillisecondsAndBoundedByWhatOneEmfMemberHolds() {
        Timings timings = new Timings();
        timings.record(1_234_567);
        assertThat(timings.drain()).containsExactly(1.23);
        assertThat(timings.drain()).isEmpty();

        for (int i = 0; i < 500; i++) {
            timings.record(1_000_000);
        }
        assertThat(timings.drain()).hasSize(Metric.MAX_VALUES);
    }
}

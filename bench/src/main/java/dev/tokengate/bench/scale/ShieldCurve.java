package dev.tokengate.bench.scale;

import dev.tokengate.authorizer.revocation.HotTokenShield;
import dev.tokengate.authorizer.revocation.RevocationStatus;
import dev.tokengate.core.metrics.Tally;
import dev.tokengate.core.token.Confirmation;
import dev.tokengate.core.token.ValidatedToken;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Reads per second one container makes for one token it decides {@code λ} times per second, measured by playing
 * Poisson arrivals through the authorizer's own {@link HotTokenShield} (not a formula of it): a fixed seed per rate,
 * a warm-up, then the reads of a long window. Below {@link #EXACT_BELOW} decisions per second the shield cannot
 * engage in practice (six decisions within one second at a rate of 0.5/s has probability about 1.6e-5 per second, and
 * would save one read), so the curve is λ itself there. StrictMath throughout: the tables must come out the same on
 * every JVM and machine.
 */
final class ShieldCurve {
    static final double EXACT_BELOW = 0.5;
    private static final double WARM_UP_SECONDS = 10;
    private static final double MEASURED_SECONDS = 120;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final ValidatedToken TOKEN = new ValidatedToken("default", "simulated-user", "simulated-token",
            "https://issuer.example.com", List.of("api"), START.plusSeconds(86_400), START, Set.of(), Optional.empty(),
            Optional.empty(), Optional.empty(), Confirmation.NONE);

    private final int threshold;
    private final Map<Long, Double> memo = new HashMap<>();

    ShieldCurve(int threshold) {
        this.threshold = threshold;
    }

    /** Reads per second for one token at {@code perSecond} decisions per second in one container. */
    double readsPerSecond(double perSecond) {
        if (threshold == 0 || perSecond < EXACT_BELOW) {
            return perSecond;
        }
        long bucket = Math.round(perSecond * 100); // 0.01/s resolution is far below anything the tables show
        return memo.computeIfAbsent(bucket, b -> simulate(b / 100.0, b));
    }

    private double simulate(double rate, long seed) {
        long[] reads = {0};
        double[] measuredFrom = {WARM_UP_SECONDS};
        double[] clock = {0};
        HotTokenShield shield = new HotTokenShield((token, now) -> {
            if (clock[0] >= measuredFrom[0]) {
                reads[0]++;
            }
            return RevocationStatus.notRevoked("simulated");
        }, threshold, new Tally());
        SplittableRandom random = new SplittableRandom(seed);
        double end = WARM_UP_SECONDS + MEASURED_SECONDS;
        long decisions = 0;
        for (double t = 0; t < end; t += -StrictMath.log(1 - random.nextDouble()) / rate) {
            clock[0] = t;
            shield.check(TOKEN, START.plusNanos((long) (t * 1e9)));
            if (t >= WARM_UP_SECONDS) {
                decisions++;
            }
        }
        // The fraction of decisions that read, times the rate: the sampled arrival count's own noise cancels out.
        return decisions == 0 ? rate : rate * reads[0] / decisions;
    }
}

package dev.tokengate.authorizer.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.core.metrics.Tally;
import dev.tokengate.core.token.Confirmation;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.ValidatedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The shield's contract on a test clock: every instant is given, nothing waits. "Reads" are calls to the store
 * behind it, which is what DynamoDB would see.
 */
class HotTokenShieldTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final int THRESHOLD = 5;
    private static final ValidatedToken ALICE = Validated.token("alice", "t1");

    private final List<Instant> reads = new ArrayList<>();
    private final AtomicReference<RevocationStatus> answer =
            new AtomicReference<>(RevocationStatus.notRevoked("checked"));
    private final RevocationCheck store = (token, now) -> {
        reads.add(now);
        return answer.get();
    };
    private final Tally holds = new Tally();
    private final HotTokenShield shield = new HotTokenShield(store, THRESHOLD, holds);

    /** {@code count} decisions of {@code token}, {@code gap} apart, from {@code start}; returns the last answer. */
    private RevocationStatus decide(ValidatedToken token, Instant start, Duration gap, int count) {
        RevocationStatus last = null;
        for (int i = 0; i < count; i++) {
            last = shield.check(token, start.plus(gap.multipliedBy(i)));
        }
        return last;
    }

    @Test
    void aTokenDecidedAHundredTimesPerSecondIsReadAboutOncePerSecond() {
        // 10 s at 100 decisions per second, 10 ms apart: the first THRESHOLD decisions read (not hot yet), the next
        // one reads and is held for a second, and from then on one read per second.
        decide(ALICE, T0, Duration.ofMillis(10), 1000);

        assertThat(reads).hasSize(THRESHOLD + 10);
        // every decision either read or was answered from a hold, and the metric counts the latter
        assertThat(holds.drain()).isEqualTo(1000 - reads.size());
        for (int second = 1; second < 10; second++) {
            Instant from = T0.plusSeconds(second);
            assertThat(reads.stream().filter(r -> !r.isBefore(from) && r.isBefore(from.plusSeconds(1))).count())
                    .as("reads in second %d", second).isEqualTo(1);
        }
    }

    @Test
    void aTokenDecidedAFewTimesPerSecondIsReadOnEveryDecision() {
        // THRESHOLD decisions within every second (200 ms apart) is ordinary: each one reads.
        decide(ALICE, T0, Duration.ofMillis(200), 50);
        assertThat(holds.drain()).as("nothing held, nothing counted").isZero();
        assertThat(reads).hasSize(50);
    }

    @Test
    void aBurstOfThresholdDecisionsIsStillOrdinary() {
        decide(ALICE, T0, Duration.ofMillis(1), THRESHOLD);
        assertThat(reads).hasSize(THRESHOLD);
        // the next one within the same second is one too many: it reads once more, then is held
        decide(ALICE, T0.plusMillis(THRESHOLD), Duration.ofMillis(1), 10);
        assertThat(reads).hasSize(THRESHOLD + 1);
    }

    @Test
    void aTokenThatCoolsDownIsReadOnEveryDecisionAgain() {
        decide(ALICE, T0, Duration.ofMillis(10), 100);
        int whileHot = reads.size();
        decide(ALICE, T0.plusSeconds(5), Duration.ofMillis(500), 10);
        assertThat(reads).hasSize(whileHot + 10);
    }

    @Test
    void aRevocationOfAHotTokenIsHonouredWithinOneSecond() {
        decide(ALICE, T0, Duration.ofMillis(10), 200); // hot, an answer held
        Instant revoked = T0.plusMillis(2000);
        answer.set(RevocationStatus.revoked(DenyReason.TOKEN_REVOKED, "token item is revoked"));

        // Every decision from `revoked + HOLD` on is refused, whatever the phase of the hold; before it, the held
        // answer may still say "not revoked".
        Instant firstRefused = null;
        for (int i = 0; i <= 150; i++) {
            Instant at = revoked.plusMillis(10L * i);
            RevocationStatus status = shield.check(ALICE, at);
            if (!at.isBefore(revoked.plus(HotTokenShield.HOLD))) {
                assertThat(status.reason()).as("decision at +%d ms", 10 * i).isEqualTo(DenyReason.TOKEN_REVOKED);
            }
            if (firstRefused == null && status.kind() == RevocationStatus.Kind.REVOKED) {
                firstRefused = at;
            }
        }
        assertThat(Duration.between(revoked, firstRefused)).isLessThan(HotTokenShield.HOLD);
    }

    @Test
    void theBoundHoldsForARevocationJustAfterTheHoldingRead() {
        // The worst phase: the store changes right after the read whose answer is held.
        decide(ALICE, T0, Duration.ofMillis(10), THRESHOLD + 1); // the last of these read and now holds
        Instant heldFrom = reads.get(reads.size() - 1);
        answer.set(RevocationStatus.revoked(DenyReason.USER_REVOKED, "issued before the user's revoke-all"));

        assertThat(shield.check(ALICE, heldFrom.plus(HotTokenShield.HOLD).minusNanos(1)).isNotRevoked()).isTrue();
        assertThat(shield.check(ALICE, heldFrom.plus(HotTokenShield.HOLD)).reason())
                .isEqualTo(DenyReason.USER_REVOKED);
    }

    @Test
    void holdsARevokedAnswerOfAHotTokenToo() {
        answer.set(RevocationStatus.revoked(DenyReason.TOKEN_REVOKED, "token item is revoked"));
        RevocationStatus last = decide(ALICE, T0, Duration.ofMillis(10), 100);
        assertThat(last.reason()).isEqualTo(DenyReason.TOKEN_REVOKED);
        assertThat(last.detail()).contains("held");
        assertThat(reads).hasSize(THRESHOLD + 1);
    }

    @Test
    void neverHoldsAFailedOrThrottledRead() {
        decide(ALICE, T0, Duration.ofMillis(10), 50); // hot
        List<RevocationStatus> failures = List.of(RevocationStatus.unavailable("ApiCallTimeoutException"),
                RevocationStatus.throttled("ProvisionedThroughputExceededException"));
        for (int k = 0; k < failures.size(); k++) {
            RevocationStatus failure = failures.get(k);
            answer.set(failure);
            Instant from = T0.plusSeconds(10 + 10L * k);
            int before = reads.size();
            for (int i = 0; i < 20; i++) {
                assertThat(shield.check(ALICE, from.plusMillis(10L * i))).isEqualTo(failure);
            }
            // hot all along (20 decisions within 200 ms), yet every decision read: no failure was held
            assertThat(reads.size() - before).isEqualTo(20);
            answer.set(RevocationStatus.notRevoked("checked"));
            assertThat(shield.check(ALICE, from.plusMillis(200)).isNotRevoked()).isTrue();
        }
    }

    @Test
    void aTokenIsReadAgainRightAfterAFailedRead() {
        decide(ALICE, T0, Duration.ofMillis(10), 100); // hot, a hold renewed each second
        answer.set(RevocationStatus.unavailable("SdkClientException"));
        Instant expired = T0.plusSeconds(5); // the hold has lapsed: this decision reads and fails
        assertThat(shield.check(ALICE, expired).kind()).isEqualTo(RevocationStatus.Kind.UNAVAILABLE);
        answer.set(RevocationStatus.revoked(DenyReason.TOKEN_REVOKED, "token item is revoked"));
        assertThat(shield.check(ALICE, expired.plusMillis(10)).reason()).isEqualTo(DenyReason.TOKEN_REVOKED);
    }

    @Test
    void aHotTokenDoesNotShieldOtherTokens() {
        ValidatedToken sameUserOtherToken = Validated.token("alice", "t2");
        ValidatedToken otherIssuer = new ValidatedToken("partner", "alice", "t1", "https://partner.example.com",
                List.of("api"), T0.plusSeconds(3600), T0, java.util.Set.of(), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), Confirmation.NONE);
        decide(ALICE, T0, Duration.ofMillis(10), 100);
        int hotReads = reads.size();
        for (int i = 0; i < 4; i++) {
            shield.check(sameUserOtherToken, T0.plusMillis(995 + i));
            shield.check(otherIssuer, T0.plusMillis(995 + i));
        }
        assertThat(reads).hasSize(hotReads + 8);
    }

    @Test
    void aClockThatGoesBackNeverStretchesAHold() {
        decide(ALICE, T0, Duration.ofMillis(10), THRESHOLD + 1); // holds from T0 + 50 ms
        answer.set(RevocationStatus.revoked(DenyReason.TOKEN_REVOKED, "token item is revoked"));
        assertThat(shield.check(ALICE, T0.minusSeconds(30)).reason()).isEqualTo(DenyReason.TOKEN_REVOKED);
    }

    @Test
    void staysWithinItsEntryBound() {
        HotTokenShield small = new HotTokenShield(store, THRESHOLD, holds, 3);
        for (int i = 0; i < 1000; i++) {
            small.check(Validated.token("user-" + i, "t"), T0.plusMillis(i));
        }
        assertThat(small.size()).isEqualTo(3);
        // an evicted token is simply read again
        small.check(Validated.token("user-0", "t"), T0.plusSeconds(2));
        assertThat(reads).hasSize(1001);
    }

    @Test
    void zeroTurnsItOffAndOtherThresholdsAreBounded() {
        assertThat(HotTokenShield.around(store, 0, holds)).isSameAs(store);
        assertThat(HotTokenShield.around(store, 1, holds)).isInstanceOf(HotTokenShield.class);
        assertThatThrownBy(() -> new HotTokenShield(store, 0, holds)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HotTokenShield(store, HotTokenShield.MAX_THRESHOLD + 1, holds))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.tokengate.authorizer.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.authorizer.config.AuthorizerConfig;
import dev.tokengate.authorizer.revocation.HotTokenShield;
import dev.tokengate.authorizer.revocation.RevocationCheck;
import dev.tokengate.authorizer.revocation.RevocationStatus;
import dev.tokengate.core.metrics.Tally;
import dev.tokengate.core.table.RevocationRace;
import dev.tokengate.testkit.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The authorizer's half of the race between a revocation and the cache flush after it: an Allow is answered only
 * while the revocation read it rests on is at most {@link RevocationRace#MAX_READ_AGE} old. The revocation API
 * starts its flush {@link RevocationRace#FLUSH_SETTLE} after the write, so any Allow on a read from before the write
 * reaches API Gateway's cache before the flush removes it.
 */
class StaleRevocationReadTest {
    private final Fixtures.Captured log = new Fixtures.Captured();
    private final MutableClock clock = new MutableClock(Fixtures.NOW);

    /** A lookup that answers "not revoked" and then stalls: the read began before the stall. */
    private RevocationCheck notRevokedThenStall(Duration stall) {
        return (token, now) -> {
            clock.advance(stall);
            return RevocationStatus.notRevoked("read");
        };
    }

    private Map<String, Object> decide(RevocationCheck revocation) {
        AuthorizerHandler handler = new AuthorizerHandler(AuthorizerConfig.fromEnvironment(
                Fixtures.environment(Map.of())), revocation, clock, log);
        return handler.handleRequest(LambdaRuntime.eventFile("rest-token.json"), null);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 200, 1_000, 1_500})
    void anAllowIsAnsweredWhileItsReadIsRecent(long stallMillis) {
        Map<String, Object> answer = decide(notRevokedThenStall(Duration.ofMillis(stallMillis)));

        assertThat(answer).containsEntry("principalId", Fixtures.DEMO_SUB);
        assertThat(log.last()).contains("\"outcome\":\"ALLOW\"");
    }

    @ParameterizedTest
    @ValueSource(longs = {1_501, 3_000, 60_000})
    void anAllowOnAnOlderReadIsAnUncachedErrorInstead(long stallMillis) {
        assertThatThrownBy(() -> decide(notRevokedThenStall(Duration.ofMillis(stallMillis))))
                .hasMessage(Answers.UNAVAILABLE);

        assertThat(log.last()).contains("\"outcome\":\"UNAVAILABLE\"", "\"reason\":\"STALE_REVOCATION_READ\"",
                "\"sub\":\"demo-user\"");
    }

    @Test
    void aHeldAnswerCountsFromTheReadItCameFromNotFromTheDecisionThatReusesIt() {
        // the shield holds a hot token's answer for up to 1 s; the decision that reuses it near the end of that
        // second and then takes 0.6 s more would answer on a read 1.5+ s old
        RevocationCheck shielded = HotTokenShield.around((token, now) -> RevocationStatus.notRevoked("read"), 1,
                new Tally());
        AuthorizerHandler handler = new AuthorizerHandler(AuthorizerConfig.fromEnvironment(
                Fixtures.environment(Map.of())), (token, now) -> {
                    RevocationStatus status = shielded.check(token, now);
                    if (status.readAt().isPresent()) {
                        clock.advance(Duration.ofMillis(600));
                    }
                    return status;
                }, clock, log);

        handler.handleRequest(LambdaRuntime.eventFile("rest-token.json"), null);
        handler.handleRequest(LambdaRuntime.eventFile("rest-token.json"), null); // hot from here: this read is held
        clock.advance(Duration.ofMillis(950));
        assertThatThrownBy(() -> handler.handleRequest(LambdaRuntime.eventFile("rest-token.json"), null))
                .hasMessage(Answers.UNAVAILABLE);

        assertThat(log.last()).contains("\"reason\":\"STALE_REVOCATION_READ\"");
    }

    @Test
    void theFlushStartsLateEnoughForEveryAllowTheAuthorizerMayStillAnswer() {
        // the one rule both sides share: an Allow from a read just before the write is in the cache (answered within
        // MAX_READ_AGE, delivered within ANSWER_DELIVERY) before the flush that starts FLUSH_SETTLE after the write
        assertThat(RevocationRace.FLUSH_SETTLE)
                .isGreaterThanOrEqualTo(RevocationRace.MAX_READ_AGE.plus(RevocationRace.ANSWER_DELIVERY));
        assertThat(RevocationRace.MAX_READ_AGE).isGreaterThan(HotTokenShield.HOLD);
    }
}

package dev.tokengate.authorizer.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.authorizer.route.RouteGrant;
import dev.tokengate.core.table.RevocationRace;
import dev.tokengate.core.token.Confirmation;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.ValidatedToken;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreshAllowTest {
    private static final Instant READ = Instant.parse("2026-03-01T10:00:00Z");
    private final Decision.Allow allow = new Decision.Allow(new ValidatedToken("default", "alice", "t1",
            "https://issuer.example.com/", List.of("api"), READ.plusSeconds(3600), READ, Set.of(), Optional.empty(),
            Optional.empty(), Optional.empty(), Confirmation.NONE), RouteGrant.EVERYTHING, READ);

    @Test
    void anAllowUpToTheMaximumReadAgeIsAnswered() {
        assertThat(FreshAllow.atAnswer(allow, READ)).isSameAs(allow);
        assertThat(FreshAllow.atAnswer(allow, READ.plus(RevocationRace.MAX_READ_AGE))).isSameAs(allow);
    }

    @Test
    void anAllowOnAnOlderReadBecomesTheUncachedErrorWithTheToken() {
        Decision late = FreshAllow.atAnswer(allow, READ.plus(RevocationRace.MAX_READ_AGE).plusMillis(1));

        assertThat(late).isInstanceOfSatisfying(Decision.Unavailable.class, unavailable -> {
            assertThat(unavailable.reason()).isEqualTo(DenyReason.STALE_REVOCATION_READ);
            assertThat(unavailable.reason().outcome()).isEqualTo(DenyReason.Outcome.UNAVAILABLE);
            assertThat(unavailable.token()).isEqualTo(allow.token());
            assertThat(unavailable.detail()).contains("1501 ms", "at most 1500 ms");
        });
    }

    @Test
    void refusalsAreNeverChanged() {
        Decision deny = Decision.Deny.unauthorized(DenyReason.TOKEN_REVOKED, "revoked");

        assertThat(FreshAllow.atAnswer(deny, READ.plusSeconds(60))).isSameAs(deny);
    }
}

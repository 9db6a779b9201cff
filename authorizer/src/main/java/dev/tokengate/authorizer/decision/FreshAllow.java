package dev.tokengate.authorizer.decision;

import dev.tokengate.core.table.RevocationRace;
import dev.tokengate.core.token.DenyReason;
import java.time.Duration;
import java.time.Instant;

/**
 * The authorizer's half of {@link RevocationRace}: an Allow is answered only while the revocation read it rests on
 * began at most {@link RevocationRace#MAX_READ_AGE} ago. A later one (a read that stalled, a long pause after it)
 * becomes {@link DenyReason#STALE_REVOCATION_READ}, an uncached error: had it been answered, API Gateway could cache
 * an Allow that a token revoked after the read keeps using, and the flush that follows the revocation, timed for
 * reads of at most that age, would already have run.
 */
public final class FreshAllow {
    private FreshAllow() {
    }

    /** {@code decision}, or the uncached error if it is an Allow answered too long after its revocation read. */
    public static Decision atAnswer(Decision decision, Instant answeredAt) {
        if (decision instanceof Decision.Allow allow) {
            Duration age = Duration.between(allow.revocationReadAt(), answeredAt);
            if (age.compareTo(RevocationRace.MAX_READ_AGE) > 0) {
                return new Decision.Unavailable(DenyReason.STALE_REVOCATION_READ, allow.token(),
                        "revocation read began " + age.toMillis() + " ms before the answer (at most "
                                + RevocationRace.MAX_READ_AGE.toMillis() + " ms)");
            }
        }
        return decision;
    }
}

package dev.tokengate.authorizer.replay;

import dev.tokengate.authorizer.binding.ProofUse;
import java.time.Instant;

/**
 * Remembers accepted DPoP proofs so that a proof replayed to any authorizer instance is refused. The answer may
 * come later than the call: the DynamoDB store writes while the caller reads the revocation state, so a DPoP
 * decision still costs about one store round trip of latency. Implementations never throw: a store that cannot
 * answer is {@link ReplayStatus.Kind#UNAVAILABLE}, which the authorizer turns into an error, never an Allow.
 */
@FunctionalInterface
public interface ReplayGuard {

    /** Starts recording {@code use}; the returned handle answers whether it was its first use. */
    Pending remember(ProofUse use, Instant now);

    /** A recording under way. */
    @FunctionalInterface
    interface Pending {
        /** Waits for the store's answer (bounded by the store client's own timeouts). */
        ReplayStatus await();
    }
}

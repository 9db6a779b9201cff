package dev.tokengate.authorizer.replay;

import dev.tokengate.core.token.DenyReason;
import java.util.Objects;

/**
 * The replay store's answer for one proof; {@code detail} is short, loggable and our own words only.
 *
 * @param reason for {@link Kind#REPLAYED}: {@code DPOP_PROOF_REPLAYED}; for {@link Kind#UNAVAILABLE}:
 *        {@code STORE_UNAVAILABLE} or {@code STORE_THROTTLED}, as the revocation lookup reports its own; {@code null}
 *        for a first use
 */
public record ReplayStatus(Kind kind, DenyReason reason, String detail) {

    public enum Kind { FIRST_USE, REPLAYED, UNAVAILABLE }

    public ReplayStatus {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        if ((kind == Kind.FIRST_USE) != (reason == null)) {
            throw new IllegalArgumentException("a reason is required exactly when the proof is not a first use");
        }
    }

    public static ReplayStatus firstUse() {
        return new ReplayStatus(Kind.FIRST_USE, null, "recorded");
    }

    public static ReplayStatus replayed() {
        return new ReplayStatus(Kind.REPLAYED, DenyReason.DPOP_PROOF_REPLAYED,
                "the proof's jti was already used with this key within its window");
    }

    public static ReplayStatus unavailable(String detail) {
        return new ReplayStatus(Kind.UNAVAILABLE, DenyReason.STORE_UNAVAILABLE, detail);
    }

    /** DynamoDB throttled the write: the same uncached error as {@link #unavailable}, with its own reason. */
    public static ReplayStatus throttled(String detail) {
        return new ReplayStatus(Kind.UNAVAILABLE, DenyReason.STORE_THROTTLED, detail);
    }
}

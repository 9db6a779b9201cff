package dev.tokengate.authorizer.revocation;

import dev.tokengate.core.token.DenyReason;
import java.util.Objects;

/**
 * The answer of a revocation check. {@code detail} is short, loggable and built from our own words only.
 *
 * @param reason for {@link Kind#REVOKED}: one of {@code TOKEN_REVOKED}, {@code FAMILY_REVOKED},
 *        {@code USER_REVOKED}, {@code TOKEN_NOT_REGISTERED}; for {@link Kind#UNAVAILABLE}: {@code STORE_UNAVAILABLE} or
 *        {@code STORE_THROTTLED};
 *        {@code null} when not revoked
 */
public record RevocationStatus(Kind kind, DenyReason reason, String detail) {

    public enum Kind { NOT_REVOKED, REVOKED, UNAVAILABLE }

    public RevocationStatus {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        if ((kind == Kind.NOT_REVOKED) != (reason == null)) {
            throw new IllegalArgumentException("a reason is required exactly when the token is not simply valid");
        }
    }

    public static RevocationStatus notRevoked(String detail) {
        return new RevocationStatus(Kind.NOT_REVOKED, null, detail);
    }

    public static RevocationStatus revoked(DenyReason reason, String detail) {
        return new RevocationStatus(Kind.REVOKED, reason, detail);
    }

    public static RevocationStatus unavailable(String detail) {
        return new RevocationStatus(Kind.UNAVAILABLE, DenyReason.STORE_UNAVAILABLE, detail);
    }

    /** DynamoDB throttled the lookup: the same uncached error as {@link #unavailable}, with its own reason. */
    public static RevocationStatus throttled(String detail) {
        return new RevocationStatus(Kind.UNAVAILABLE, DenyReason.STORE_THROTTLED, detail);
    }

    public boolean isNotRevoked() {
        return kind == Kind.NOT_REVOKED;
    }
}

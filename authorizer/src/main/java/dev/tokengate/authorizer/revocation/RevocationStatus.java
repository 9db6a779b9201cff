package dev.tokengate.authorizer.revocation;

import dev.tokengate.core.token.DenyReason;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of a revocation check. {@code detail} is short, loggable and built from our own words only.
 *
 * @param reason for {@link Kind#REVOKED}: one of {@code TOKEN_REVOKED}, {@code FAMILY_REVOKED},
 *        {@code USER_REVOKED}, {@code TOKEN_NOT_REGISTERED}; for {@link Kind#UNAVAILABLE}: {@code STORE_UNAVAILABLE} or
 *        {@code STORE_THROTTLED};
 *        {@code null} when not revoked
 * @param readAt when the read this answer comes from began, if it began before the decision asking for it (a held
 *        answer); empty: read for this decision
 */
public record RevocationStatus(Kind kind, DenyReason reason, String detail, Optional<Instant> readAt) {

    public enum Kind { NOT_REVOKED, REVOKED, UNAVAILABLE }

    public RevocationStatus {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(readAt, "readAt");
        if ((kind == Kind.NOT_REVOKED) != (reason == null)) {
            throw new IllegalArgumentException("a reason is required exactly when the token is not simply valid");
        }
    }

    /** An answer read for the decision that asks for it. */
    public RevocationStatus(Kind kind, DenyReason reason, String detail) {
        this(kind, reason, detail, Optional.empty());
    }

    /** This answer, as held from a read that began at {@code readAt}. */
    public RevocationStatus heldFrom(Instant readAt, String note) {
        return new RevocationStatus(kind, reason, detail + note, Optional.of(readAt));
    }

    /**
     * When the read behind this answer began, at the latest: its own instant if held, else {@code checkedAt}, the
     * instant the check was given (the decider reads its clock just before the check, and the read comes after).
     */
    public Instant readNoLaterThan(Instant checkedAt) {
        return readAt.orElse(checkedAt);
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

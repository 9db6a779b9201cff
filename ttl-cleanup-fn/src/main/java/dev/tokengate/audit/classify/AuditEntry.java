package dev.tokengate.audit.classify;

import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.Session;
import java.time.Instant;
import java.util.Objects;

/**
 * One audit record to write: what happened to which item, who did it and when. It carries identifiers only
 * ({@code sub}, {@code jti}, {@code originJti}), never token material.
 *
 * @param kind what the change means
 * @param recordId the stream record's identity: its {@code eventID}, or a stand-in when the record had none
 * @param user the user (issuer profile and {@code sub}) whose item changed, {@code null} if unreadable (or a session
 *     item that names no user)
 * @param session for a session item: the issuer's session ({@code sid}); {@code null} otherwise
 * @param jti the token's id, for token items
 * @param originJti the family's id, for family items
 * @param actor who made the change: {@code revokedBy}, the stream's principal, or {@code unknown}
 * @param reason the revocation reason written with the item, if any
 * @param changedAt when the change happened ({@code ApproximateCreationDateTime}), {@code null} if missing
 * @param eventName the stream record's {@code eventName} as delivered
 * @param sequenceNumber the stream record's sequence number
 * @param revokedBefore for {@link AuditKind#USER_REVOKED_ALL} and a weakened revoke-all: the new
 *     {@code revokedBefore} (epoch seconds, as text)
 * @param detail for {@link AuditKind#MALFORMED}: what was wrong; for {@link AuditKind#REVOCATION_WEAKENED}: what was
 *     taken back (never attribute values)
 */
public record AuditEntry(
        AuditKind kind,
        String recordId,
        Principal user,
        Session session,
        String jti,
        String originJti,
        String actor,
        String reason,
        Instant changedAt,
        String eventName,
        String sequenceNumber,
        String revokedBefore,
        String detail) implements Classification {

    public static final String UNKNOWN_ACTOR = "unknown";

    /** The user's {@code sub}, or {@code null} if unreadable. */
    public String sub() {
        return user == null ? null : user.sub();
    }

    /** The issuer profile id of the user (or of the session), or {@code null} if unreadable. */
    public String issuerId() {
        return user != null ? user.issuerId() : session == null ? null : session.issuerId();
    }

    /** The session's {@code sid}, for a session item. */
    public String sid() {
        return session == null ? null : session.sid();
    }

    public AuditEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(actor, "actor");
    }
}

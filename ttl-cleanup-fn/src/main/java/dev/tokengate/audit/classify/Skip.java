package dev.tokengate.audit.classify;

import dev.tokengate.core.table.Principal;

/**
 * A stream record that changes nothing the audit records. Skips are counted. (A weakened revocation is not a skip:
 * it is audited as {@link AuditKind#REVOCATION_WEAKENED}.)
 *
 * @param reason why the record was skipped
 * @param eventId the record's {@code eventID}, for the log line
 * @param user the item's user, if readable
 */
public record Skip(Reason reason, String eventId, Principal user) implements Classification {

    /** Why a record is not audited. */
    public enum Reason {
        /** The change leaves the revocation state as it was (a TTL refresh, a repeated write, a family created unrevoked). */
        UNCHANGED,
        /** A bookkeeping item ({@code FLUSH#...}), which holds no revocation state. */
        BOOKKEEPING,
        /** A replay record ({@code REPLAY#...}: a one-time value already accepted), not revocation state. */
        REPLAY_RECORD
    }
}

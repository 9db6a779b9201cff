package dev.tokengate.audit.classify;

/**
 * A stream record that changes nothing the audit records. Skips are counted, and the suspicious ones are logged
 * at WARN.
 *
 * @param reason why the record was skipped
 * @param eventId the record's {@code eventID}, for the log line
 * @param sub the item's user, if readable
 */
public record Skip(Reason reason, String eventId, String sub) implements Classification {

    /** Why a record is not audited. */
    public enum Reason {
        /** The change leaves the revocation state as it was (a TTL refresh, a repeated write, a family created unrevoked). */
        UNCHANGED,
        /**
         * The change weakens revocation state (a token or family un-revoked, a {@code REVOKED_BEFORE} moved back). No
         * tokengate code does this and no audit kind describes it, so it is not audited but logged at WARN and counted.
         */
        REVOCATION_WEAKENED
    }
}

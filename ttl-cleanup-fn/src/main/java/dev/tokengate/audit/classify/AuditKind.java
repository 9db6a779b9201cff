package dev.tokengate.audit.classify;

import dev.tokengate.core.table.RevocationKind;

/**
 * What an audited stream record means. The names are public API: they are stored in the audit table, logged, and
 * used as metric names.
 */
public enum AuditKind {
    /** A token item became revoked (INSERT with {@code revoked}, or MODIFY from not revoked to revoked). */
    REVOKED,
    /** A token family item became revoked. */
    FAMILY_REVOKED,
    /** A user's {@code REVOKED_BEFORE} was set, or moved forward. */
    USER_REVOKED_ALL,
    /**
     * A user's {@code REVOKED_BEFORE} was set or moved forward at the identity provider's request (back-channel
     * logout, global token revocation, a Cognito sign-out): the actor is the issuer, or the administrator who called.
     */
    IDP_USER_REVOKED_ALL,
    /** A session ({@code sid}) was ended by its issuer (back-channel logout); the actor is the issuer. */
    IDP_SESSION_REVOKED,
    /** An item was removed by DynamoDB's TTL process (service principal {@code dynamodb.amazonaws.com}). */
    EXPIRED,
    /** An item was removed by anyone else: revocation state deleted by hand. Suspicious; logged at WARN. */
    DELETED,
    /** A token item was inserted without being revoked (allowlist registration at issue time). */
    REGISTERED,
    /**
     * Revocation state was weakened: a token or family item went from revoked to not revoked, or a user's
     * {@code REVOKED_BEFORE} moved back. No tokengate code does this, so it is someone's hand. Logged at WARN.
     */
    REVOCATION_WEAKENED,
    /** The record could not be read as a token-table change; audited with what could be read, never retried. */
    MALFORMED;

    /** What an item of this kind becoming revoked is audited as. */
    public static AuditKind revocationOf(RevocationKind kind) {
        return switch (kind) {
            case TOKEN -> REVOKED;
            case FAMILY -> FAMILY_REVOKED;
            case USER -> USER_REVOKED_ALL;
        };
    }
}

package dev.tokengate.core.table;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The token table's vocabulary, shared by the authorizer (reads), the revocation API (writes) and the stream
 * function (audit). One table, string keys {@code PK}/{@code SK}, TTL attribute {@code ttl}; a user's items share one
 * partition, named by issuer profile and {@code sub} (a {@code sub} is unique only within its issuer):
 *
 * <pre>
 *   USER#&lt;issuerId&gt;#&lt;sub&gt;  TOKEN#&lt;jti&gt;            a token's state
 *   USER#&lt;issuerId&gt;#&lt;sub&gt;  FAMILY#&lt;origin_jti&gt;    a token family (refresh-token lineage)
 *   USER#&lt;issuerId&gt;#&lt;sub&gt;  REVOKED_BEFORE          the user's revoke-all marker
 *   FLUSH#&lt;flush target&gt;        FLUSH                   bookkeeping: when a stage's authorizer cache was last flushed
 *   SESSION#&lt;issuerId&gt;#&lt;sid&gt;  SESSION              a session the issuer ended (back-channel logout)
 *   REPLAY#&lt;purpose&gt;#...         REPLAY               a one-time value already accepted (logout-token jti, DPoP proof jti), kept until ttl
 * </pre>
 *
 * The user partitions' sort keys are {@link RevocationKind}'s. Keys are only ever built from a verified token's claims or, for
 * another user's partition, after the admin check: naming a key is never enough to read or write it.
 */
public final class TokenTable {
    public static final String PARTITION_KEY = "PK";
    public static final String SORT_KEY = "SK";
    public static final String TTL = "ttl";

    public static final String USER_PREFIX = "USER#";
    public static final String REVOKED_BEFORE_SORT_KEY = "REVOKED_BEFORE";
    /**
     * Bookkeeping of the revocation API's cache flushes ({@code FLUSH#rest:<apiId>/<stage>}, sort key
     * {@code FLUSH}): no revocation state, so the audit skips it.
     */
    public static final String FLUSH_LEASE_PREFIX = "FLUSH#";
    public static final String FLUSH_LEASE_SORT_KEY = "FLUSH";
    /** A flush lease's start, epoch milliseconds. */
    public static final String FLUSH_STARTED_AT = "startedAt";
    /** The start of the lease's flush once it succeeded: equal to {@link #FLUSH_STARTED_AT} when that one is done. */
    public static final String FLUSH_COMPLETED = "completedStart";
    /** The start of the lease's flush once it failed: equal to {@link #FLUSH_STARTED_AT} when that one failed. */
    public static final String FLUSH_FAILED = "failedStart";

    public static final String JTI = "jti";
    public static final String SUB = "sub";
    public static final String ISSUER_ID = "issuerId";
    public static final String EXP = "exp";
    public static final String ORIGIN_JTI = "originJti";
    public static final String REVOKED = "revoked";
    public static final String REVOKED_AT = "revokedAt";
    public static final String REVOKED_BY = "revokedBy";
    /** The issuer profile of the caller named by {@link #REVOKED_BY}; absent when an identity provider revoked. */
    public static final String REVOKED_BY_ISSUER_ID = "revokedByIssuerId";
    public static final String REASON = "reason";
    public static final String REVOKED_BEFORE = "revokedBefore";
    /** Who asked for the revocation ({@link RevocationSource}); absent on items the revocation API wrote. */
    public static final String SOURCE = "source";
    public static final String SID = "sid";

    public static final String SESSION_PREFIX = "SESSION#";
    public static final String SESSION_SORT_KEY = "SESSION";
    /**
     * Replay records: one item per one-time value already accepted, {@code ttl} = the end of its acceptance window.
     * Not revocation state: the stream audit skips them.
     */
    public static final String REPLAY_PREFIX = "REPLAY#";
    public static final String REPLAY_SORT_KEY = "REPLAY";
    /** The purpose part of a logout token's replay record: {@code REPLAY#logout#<issuerId>#<jti>}. */
    public static final String LOGOUT_REPLAY_PURPOSE = "logout";

    private TokenTable() {
    }

    public static String userPartition(Principal user) {
        return USER_PREFIX + user.issuerId() + "#" + user.sub();
    }

    /** The key of a user's item of one kind ({@code id} is {@code null} for the per-user revoke-all marker). */
    public static Map<String, AttributeValue> key(Principal user, RevocationKind kind, String id) {
        return key(userPartition(user), kind.sortKey(id));
    }

    public static Map<String, AttributeValue> tokenKey(Principal user, String jti) {
        return key(user, RevocationKind.TOKEN, jti);
    }

    public static Map<String, AttributeValue> familyKey(Principal user, String originJti) {
        return key(user, RevocationKind.FAMILY, originJti);
    }

    public static Map<String, AttributeValue> revokedBeforeKey(Principal user) {
        return key(user, RevocationKind.USER, null);
    }

    /** The flush lease of one stage, named by its flush-target spelling ({@code rest:<apiId>/<stage>}). */
    public static Map<String, AttributeValue> flushLeaseKey(String target) {
        return key(FLUSH_LEASE_PREFIX + target, FLUSH_LEASE_SORT_KEY);
    }

    /** Whether a partition key names a bookkeeping item, which holds no revocation state. */
    public static boolean isBookkeeping(String partitionKey) {
        return partitionKey != null && partitionKey.startsWith(FLUSH_LEASE_PREFIX);
    }

    /** {@code SESSION#<issuerId>#<sid>} / {@code SESSION}: reachable from an access token's own {@code sid}. */
    public static Map<String, AttributeValue> sessionKey(Session session) {
        return key(SESSION_PREFIX + session.issuerId() + "#" + session.sid(), SESSION_SORT_KEY);
    }

    /** {@code REPLAY#logout#<issuerId>#<jti>} / {@code REPLAY}: a logout token already accepted from that issuer. */
    public static Map<String, AttributeValue> logoutReplayKey(String issuerId, String jti) {
        if (!Principal.isIssuerId(issuerId) || !TokenIds.isValid(jti)) {
            throw new IllegalArgumentException("a replay key needs an issuer id and a valid jti");
        }
        return key(REPLAY_PREFIX + LOGOUT_REPLAY_PURPOSE + "#" + issuerId + "#" + jti, REPLAY_SORT_KEY);
    }

    public static Map<String, AttributeValue> key(String partition, String sort) {
        return Map.of(PARTITION_KEY, AttributeValue.fromS(partition), SORT_KEY, AttributeValue.fromS(sort));
    }

    /** The session a partition key names, if it is a session partition: {@code SESSION#<issuerId>#<sid>}. */
    public static Optional<Session> sessionOf(String partitionKey) {
        if (partitionKey == null || !partitionKey.startsWith(SESSION_PREFIX)) {
            return Optional.empty();
        }
        String rest = partitionKey.substring(SESSION_PREFIX.length());
        int hash = rest.indexOf('#');
        if (hash <= 0 || hash == rest.length() - 1) {
            return Optional.empty();
        }
        String issuerId = rest.substring(0, hash);
        String sid = rest.substring(hash + 1);
        if (!Principal.isIssuerId(issuerId) || !TokenIds.isValid(sid)) {
            return Optional.empty();
        }
        return Optional.of(new Session(issuerId, sid));
    }

    /**
     * The user a partition key belongs to, if it is a user partition: {@code USER#<issuerId>#<sub>}. The issuer id
     * never contains {@code #}, so the first one after the prefix ends it, whatever the {@code sub} holds.
     */
    public static Optional<Principal> principalOf(String partitionKey) {
        if (partitionKey == null || !partitionKey.startsWith(USER_PREFIX)) {
            return Optional.empty();
        }
        String rest = partitionKey.substring(USER_PREFIX.length());
        int hash = rest.indexOf('#');
        if (hash <= 0 || hash == rest.length() - 1) {
            return Optional.empty();
        }
        String issuerId = rest.substring(0, hash);
        String sub = rest.substring(hash + 1);
        if (!Principal.isIssuerId(issuerId) || !TokenIds.isValid(sub)) {
            return Optional.empty();
        }
        return Optional.of(new Principal(issuerId, sub));
    }
}

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
 *   REPLAY#&lt;kind&gt;#...             REPLAY                  a one-time value seen (DPoP proof jti), kept until ttl
 * </pre>
 *
 * The sort keys are {@link RevocationKind}'s. Keys are only ever built from a verified token's claims or, for
 * another user's partition, after the admin check: naming a key is never enough to read or write it.
 */
public final class TokenTable {
    public static final String PARTITION_KEY = "PK";
    public static final String SORT_KEY = "SK";
    public static final String TTL = "ttl";

    public static final String USER_PREFIX = "USER#";
    /**
     * Replay records: one item per one-time value already seen (a DPoP proof's {@code jti}, say), written with a
     * conditional put so any instance refuses a second use, and kept until {@code ttl}, the end of the value's
     * acceptance window. They are not revocation state: the audit skips them and its event source filters them out.
     */
    public static final String REPLAY_PREFIX = "REPLAY#";
    public static final String REPLAY_SORT_KEY = "REPLAY";
    public static final String REVOKED_BEFORE_SORT_KEY = "REVOKED_BEFORE";

    public static final String JTI = "jti";
    public static final String SUB = "sub";
    public static final String ISSUER_ID = "issuerId";
    public static final String EXP = "exp";
    public static final String ORIGIN_JTI = "originJti";
    public static final String REVOKED = "revoked";
    public static final String REVOKED_AT = "revokedAt";
    public static final String REVOKED_BY = "revokedBy";
    public static final String REASON = "reason";
    public static final String REVOKED_BEFORE = "revokedBefore";

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

    public static Map<String, AttributeValue> key(String partition, String sort) {
        return Map.of(PARTITION_KEY, AttributeValue.fromS(partition), SORT_KEY, AttributeValue.fromS(sort));
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

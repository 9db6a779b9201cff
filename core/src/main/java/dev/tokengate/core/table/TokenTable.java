package dev.tokengate.core.table;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The token table's vocabulary, shared by the authorizer (reads), the revocation API (writes) and the stream
 * function (audit). One table, string keys {@code PK}/{@code SK}, TTL attribute {@code ttl}:
 *
 * <pre>
 *   USER#&lt;sub&gt;  TOKEN#&lt;jti&gt;            a token's state
 *   USER#&lt;sub&gt;  FAMILY#&lt;origin_jti&gt;    a token family (refresh-token lineage)
 *   USER#&lt;sub&gt;  REVOKED_BEFORE          the user's revoke-all marker
 * </pre>
 *
 * Keys are only ever built from a verified token's claims or, for another user's partition, after the admin
 * check: naming a key is never enough to read or write it.
 */
public final class TokenTable {
    public static final String PARTITION_KEY = "PK";
    public static final String SORT_KEY = "SK";
    public static final String TTL = "ttl";

    public static final String USER_PREFIX = "USER#";
    public static final String TOKEN_PREFIX = "TOKEN#";
    public static final String FAMILY_PREFIX = "FAMILY#";
    public static final String REVOKED_BEFORE_SORT_KEY = "REVOKED_BEFORE";

    public static final String JTI = "jti";
    public static final String SUB = "sub";
    public static final String EXP = "exp";
    public static final String ORIGIN_JTI = "originJti";
    public static final String REVOKED = "revoked";
    public static final String REVOKED_AT = "revokedAt";
    public static final String REVOKED_BY = "revokedBy";
    public static final String REASON = "reason";
    public static final String REVOKED_BEFORE = "revokedBefore";

    private TokenTable() {
    }

    public static String userPartition(String sub) {
        return USER_PREFIX + requireId(sub, "sub");
    }

    public static String tokenSortKey(String jti) {
        return TOKEN_PREFIX + requireId(jti, "jti");
    }

    public static String familySortKey(String originJti) {
        return FAMILY_PREFIX + requireId(originJti, "origin_jti");
    }

    public static Map<String, AttributeValue> tokenKey(String sub, String jti) {
        return key(userPartition(sub), tokenSortKey(jti));
    }

    public static Map<String, AttributeValue> familyKey(String sub, String originJti) {
        return key(userPartition(sub), familySortKey(originJti));
    }

    public static Map<String, AttributeValue> revokedBeforeKey(String sub) {
        return key(userPartition(sub), REVOKED_BEFORE_SORT_KEY);
    }

    public static Map<String, AttributeValue> key(String partition, String sort) {
        return Map.of(PARTITION_KEY, AttributeValue.fromS(partition), SORT_KEY, AttributeValue.fromS(sort));
    }

    /** What kind of item a sort key names. */
    public enum ItemKind { TOKEN, FAMILY, REVOKED_BEFORE, UNKNOWN }

    public static ItemKind kindOf(String sortKey) {
        if (sortKey == null) {
            return ItemKind.UNKNOWN;
        }
        if (sortKey.startsWith(TOKEN_PREFIX) && sortKey.length() > TOKEN_PREFIX.length()) {
            return ItemKind.TOKEN;
        }
        if (sortKey.startsWith(FAMILY_PREFIX) && sortKey.length() > FAMILY_PREFIX.length()) {
            return ItemKind.FAMILY;
        }
        if (REVOKED_BEFORE_SORT_KEY.equals(sortKey)) {
            return ItemKind.REVOKED_BEFORE;
        }
        return ItemKind.UNKNOWN;
    }

    /** The {@code sub} a partition key belongs to, if it is a user partition. */
    public static Optional<String> subjectOf(String partitionKey) {
        if (partitionKey != null && partitionKey.startsWith(USER_PREFIX) && partitionKey.length() > USER_PREFIX.length()) {
            return Optional.of(partitionKey.substring(USER_PREFIX.length()));
        }
        return Optional.empty();
    }

    /** The id after a sort key's prefix ({@code jti} or {@code origin_jti}), if it has one. */
    public static Optional<String> idOf(String sortKey) {
        return switch (kindOf(sortKey)) {
            case TOKEN -> Optional.of(sortKey.substring(TOKEN_PREFIX.length()));
            case FAMILY -> Optional.of(sortKey.substring(FAMILY_PREFIX.length()));
            default -> Optional.empty();
        };
    }

    private static String requireId(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }
}

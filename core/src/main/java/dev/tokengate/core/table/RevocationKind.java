package dev.tokengate.core.table;

import dev.tokengate.core.token.DenyReason;
import java.util.Optional;

/**
 * The kinds of revocation item in a user's partition: where each lives (its sort key), which attribute names its
 * id, and the reason the authorizer denies with when it applies. The authorizer, the revocation API and the audit
 * classifier all speak of items through this one enum; a new kind is a new constant and the compiler's list of
 * switches.
 */
public enum RevocationKind {
    /** One token, by {@code jti}. */
    TOKEN("TOKEN#", TokenTable.JTI, DenyReason.TOKEN_REVOKED),
    /** A refresh-token family (every token minted from one refresh token), by {@code origin_jti}. */
    FAMILY("FAMILY#", TokenTable.ORIGIN_JTI, DenyReason.FAMILY_REVOKED),
    /** A user's revoke-all: every token issued before {@code revokedBefore}. One per user, no id. */
    USER(TokenTable.REVOKED_BEFORE_SORT_KEY, null, DenyReason.USER_REVOKED);

    private final String sortKeyPrefix;
    private final String idAttribute;
    private final DenyReason denyReason;

    RevocationKind(String sortKeyPrefix, String idAttribute, DenyReason denyReason) {
        this.sortKeyPrefix = sortKeyPrefix;
        this.idAttribute = idAttribute;
        this.denyReason = denyReason;
    }

    /** Whether items of this kind are one per id ({@code TOKEN#<jti>}) rather than one per user. */
    public boolean hasId() {
        return idAttribute != null;
    }

    /** The attribute an item of this kind stores its id in; empty for a per-user kind. */
    public Optional<String> idAttribute() {
        return Optional.ofNullable(idAttribute);
    }

    public DenyReason denyReason() {
        return denyReason;
    }

    /** The sort key for an id of this kind (the fixed key for a per-user kind, which takes no id). */
    public String sortKey(String id) {
        if (!hasId()) {
            if (id != null) {
                throw new IllegalArgumentException(this + " items have no id");
            }
            return sortKeyPrefix;
        }
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException(idAttribute + " must not be empty");
        }
        return sortKeyPrefix + id;
    }

    /** The kind a sort key names, if it names one. */
    public static Optional<RevocationKind> ofSortKey(String sortKey) {
        if (sortKey == null) {
            return Optional.empty();
        }
        for (RevocationKind kind : values()) {
            if (kind.hasId() ? sortKey.startsWith(kind.sortKeyPrefix) && sortKey.length() > kind.sortKeyPrefix.length()
                    : sortKey.equals(kind.sortKeyPrefix)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The id a sort key of this kind carries; empty for a per-user kind or a key of another kind. */
    public Optional<String> idOf(String sortKey) {
        if (!hasId() || sortKey == null || !sortKey.startsWith(sortKeyPrefix)
                || sortKey.length() == sortKeyPrefix.length()) {
            return Optional.empty();
        }
        return Optional.of(sortKey.substring(sortKeyPrefix.length()));
    }
}

package dev.tokengate.revoke.revocation;

import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.TokenIds;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, exactly as our authorizer established it from a verified token: its {@code principalId} (the
 * token's {@code sub}), the issuer profile that verified it, its space-separated {@code scope} context value, and the
 * ids of the token itself ({@code jti}, {@code originJti}). Never read from a request body.
 *
 * @param principal the caller's {@code sub} within its issuer
 * @param scopes the caller's granted scopes
 * @param tokenId the {@code jti} of the token this call was made with, when the context names one
 * @param originJti the {@code origin_jti} (refresh-token family) of that token, when it has one
 */
public record Caller(Principal principal, Set<String> scopes, Optional<String> tokenId, Optional<String> originJti) {

    public Caller {
        Objects.requireNonNull(principal, "principal");
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        tokenId = Objects.requireNonNull(tokenId, "tokenId").filter(TokenIds::isValid);
        originJti = Objects.requireNonNull(originJti, "originJti").filter(TokenIds::isValid);
    }

    /** A caller whose token ids are unknown: it may act on its user, never on one token or family by id. */
    public Caller(Principal principal, Set<String> scopes) {
        this(principal, scopes, Optional.empty(), Optional.empty());
    }

    public String sub() {
        return principal.sub();
    }

    public String issuerId() {
        return principal.issuerId();
    }

    /**
     * The caller named by the authorizer context, or empty when that context is missing or inconsistent. Empty must
     * be answered 403: without our authorizer's verdict there is no identity to act for, and guessing one (or
     * treating the call as anonymous-but-allowed) would let a misrouted or misconfigured API revoke anything.
     *
     * @param principalId the authorizer's {@code principalId}
     * @param contextSub the authorizer context's {@code sub} key (may be absent; if present it must agree)
     * @param issuerId the authorizer context's {@code issuerId} key: without it there is no identity (a {@code sub}
     *     is unique only within its issuer)
     * @param scope the authorizer context's {@code scope} key (space-separated, may be absent or empty)
     * @param jti the authorizer context's {@code jti} key (absent or empty: unknown)
     * @param originJti the authorizer context's {@code originJti} key (absent or empty: the token has none)
     */
    public static Optional<Caller> fromAuthorizer(String principalId, String contextSub, String issuerId,
                                                  String scope, String jti, String originJti) {
        if (principalId == null || !TokenIds.isValid(principalId) || !Principal.isIssuerId(issuerId)) {
            return Optional.empty();
        }
        if (contextSub != null && !contextSub.isEmpty() && !contextSub.equals(principalId)) {
            return Optional.empty();
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (scope != null) {
            for (String part : scope.split(" ")) {
                if (!part.isEmpty()) {
                    scopes.add(part);
                }
            }
        }
        return Optional.of(new Caller(new Principal(issuerId, principalId), scopes, nonEmpty(jti),
                nonEmpty(originJti)));
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    private static Optional<String> nonEmpty(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}

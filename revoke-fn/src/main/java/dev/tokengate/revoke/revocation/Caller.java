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
 * token's {@code sub}), the issuer profile that verified it, and its space-separated {@code scope} context value.
 * Never read from a request body.
 *
 * @param principal the caller's {@code sub} within its issuer
 * @param scopes the caller's granted scopes
 */
public record Caller(Principal principal, Set<String> scopes) {

    public Caller {
        Objects.requireNonNull(principal, "principal");
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
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
     */
    public static Optional<Caller> fromAuthorizer(String principalId, String contextSub, String issuerId,
                                                  String scope) {
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
        return Optional.of(new Caller(new Principal(issuerId, principalId), scopes));
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}

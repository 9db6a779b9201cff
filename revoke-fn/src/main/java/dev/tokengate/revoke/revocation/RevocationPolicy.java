package dev.tokengate.revoke.revocation;

import dev.tokengate.core.table.Principal;
import dev.tokengate.core.token.IssuerProfile;
import dev.tokengate.core.token.JwtConfig;
import java.util.Objects;

/**
 * Who may act on which user's tokens: a caller on its own tokens (same {@code sub} of the same issuer); a caller
 * holding the admin scope on the users of its own issuer; and, only where the caller's issuer profile says
 * {@code crossIssuerAdmin}, an admin on the users of another issuer (a low-trust issuer's admin scope must not reach
 * the workforce's users). It is asked before any key in the target's partition is built, read or written, so a
 * refused caller learns nothing about what exists there (the IDOR the design warns about).
 */
public final class RevocationPolicy {
    private final String adminScope;
    private final JwtConfig trust;

    public RevocationPolicy(String adminScope, JwtConfig trust) {
        this.adminScope = Objects.requireNonNull(adminScope, "adminScope");
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    public boolean permits(Caller caller, Principal target) {
        if (caller == null || target == null) {
            return false;
        }
        if (caller.principal().equals(target)) {
            return true;
        }
        if (!caller.hasScope(adminScope)) {
            return false;
        }
        return caller.principal().sameIssuerAs(target) || mayActAcrossIssuers(caller);
    }

    /** Whether this caller is an admin who may act on other issuers' users (its profile says crossIssuerAdmin). */
    public boolean permitsOtherIssuers(Caller caller) {
        return caller != null && caller.hasScope(adminScope) && mayActAcrossIssuers(caller);
    }

    private boolean mayActAcrossIssuers(Caller caller) {
        return trust.profile(caller.issuerId()).map(IssuerProfile::crossIssuerAdmin).orElse(false);
    }

    public String adminScope() {
        return adminScope;
    }
}

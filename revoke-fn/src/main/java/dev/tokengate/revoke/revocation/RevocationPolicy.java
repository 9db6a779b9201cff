package dev.tokengate.revoke.revocation;

import dev.tokengate.core.table.Principal;
import java.util.Objects;

/**
 * Who may act on which user's tokens: a caller on its own tokens (same {@code sub} of the same issuer), and a caller
 * holding the admin scope on the users of its own issuer. It is asked before any key in the target's partition is
 * built, read or written, so a refused caller learns nothing about what exists there (the IDOR the design warns
 * about).
 */
public final class RevocationPolicy {
    private final String adminScope;

    public RevocationPolicy(String adminScope) {
        this.adminScope = Objects.requireNonNull(adminScope, "adminScope");
    }

    public boolean permits(Caller caller, Principal target) {
        if (caller == null || target == null) {
            return false;
        }
        if (caller.principal().equals(target)) {
            return true;
        }
        return caller.hasScope(adminScope) && caller.principal().sameIssuerAs(target);
    }

    public String adminScope() {
        return adminScope;
    }
}

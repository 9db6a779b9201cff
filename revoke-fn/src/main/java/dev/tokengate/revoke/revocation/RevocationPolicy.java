package dev.tokengate.revoke.revocation;

import java.util.Objects;

/**
 * Who may act on which user's tokens: a caller on its own {@code sub}, and a caller holding the admin scope on any.
 * It is asked before any key in the target's partition is built, read or written, so a refused caller learns
 * nothing about what exists there (the IDOR the design warns about).
 */
public final class RevocationPolicy {
    private final String adminScope;

    public RevocationPolicy(String adminScope) {
        this.adminScope = Objects.requireNonNull(adminScope, "adminScope");
    }

    public boolean permits(Caller caller, String targetSub) {
        if (caller == null || targetSub == null) {
            return false;
        }
        return caller.sub().equals(targetSub) || caller.hasScope(adminScope);
    }

    public String adminScope() {
        return adminScope;
    }
}

package dev.tokengate.authorizer.revocation;

/** How a missing token item is read ({@code REVOCATION_MODE}). */
public enum RevocationMode {
    /** Default: a token is valid unless something says it is revoked; a missing item means "not revoked". */
    DENYLIST,
    /** A token is valid only if its item exists (registered at issue time) and is not revoked. */
    ALLOWLIST
}

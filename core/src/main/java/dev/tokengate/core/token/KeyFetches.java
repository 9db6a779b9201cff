package dev.tokengate.core.token;

/**
 * Fetches of issuer keys since the previous {@link JwtValidator#drainKeyFetches()}: JWK set downloads and OpenID
 * Connect discovery documents, and how many of each failed (unreachable, an error status, not parseable, or, for
 * discovery, a document that names another issuer or no https {@code jwks_uri}).
 */
public record KeyFetches(long jwksFetches, long jwksFailures, long discoveryFetches, long discoveryFailures) {
    public static final KeyFetches NONE = new KeyFetches(0, 0, 0, 0);
}

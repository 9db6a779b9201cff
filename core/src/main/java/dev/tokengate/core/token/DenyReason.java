package dev.tokengate.core.token;

/**
 * Why a request is not allowed. The names are public API: they appear in every decision log line and in the
 * README, so renaming one is a breaking change.
 *
 * <p>Each reason belongs to one {@link Outcome}: token problems are {@code UNAUTHORIZED} (401), a valid token
 * lacking a scope is {@code FORBIDDEN} (403), and a dependency failure is {@code UNAVAILABLE} (an error, never a
 * cacheable deny).
 */
public enum DenyReason {
    /** No bearer token where the event shape puts it. */
    MISSING_TOKEN(Outcome.UNAUTHORIZED),
    /**
     * Not a compact JWS: wrong segment count, bad base64url, header or payload not JSON, a header parameter of the
     * wrong JSON type ({@code null} included), more than one token.
     */
    MALFORMED_TOKEN(Outcome.UNAUTHORIZED),
    /** Larger than the configured cap; rejected before any parsing. */
    TOKEN_TOO_LARGE(Outcome.UNAUTHORIZED),
    /** {@code alg: none} (an unsecured JWT). */
    UNSIGNED_TOKEN(Outcome.UNAUTHORIZED),
    /** A JWE: this product only accepts signed tokens. */
    ENCRYPTED_TOKEN(Outcome.UNAUTHORIZED),
    /** The header's {@code alg} is not in the allowlist. */
    ALGORITHM_NOT_ALLOWED(Outcome.UNAUTHORIZED),
    /** The header's {@code typ} is not one of the accepted types. */
    TYPE_NOT_ALLOWED(Outcome.UNAUTHORIZED),
    /** The header lists a {@code crit} parameter this validator does not understand. */
    UNSUPPORTED_CRITICAL_HEADER(Outcome.UNAUTHORIZED),
    /**
     * No {@code kid}, or no key with that {@code kid} in the trusted keys: an inline set, or a remote set fetched after
     * the {@code kid} was first looked for (or one that retired the key).
     */
    UNKNOWN_KEY(Outcome.UNAUTHORIZED),
    /** A key with that {@code kid} exists but its {@code kty}, {@code alg} or {@code use} disagrees with the header. */
    KEY_MISMATCH(Outcome.UNAUTHORIZED),
    /** The signature does not verify with the selected trusted key. */
    BAD_SIGNATURE(Outcome.UNAUTHORIZED),
    /**
     * A claim the validator reads has the wrong JSON type ({@code exp} as a string, {@code sub} as a number, ...);
     * {@code null} is a wrong type, never an absent claim.
     */
    INVALID_CLAIM(Outcome.UNAUTHORIZED),
    /** One of {@code sub}, {@code jti}, {@code exp}, {@code iat}, {@code iss} (or a configured claim) is absent or empty. */
    MISSING_CLAIM(Outcome.UNAUTHORIZED),
    /** {@code iss} names no trusted issuer profile (compared exactly: no trailing-slash or case folding). */
    UNKNOWN_ISSUER(Outcome.UNAUTHORIZED),
    /** {@code iss} is not exactly the selected profile's issuer (cannot happen after selection; kept as a rule). */
    ISSUER_MISMATCH(Outcome.UNAUTHORIZED),
    /**
     * {@code aud} contains none of the profile's audiences, or is present where the profile accepts client ids
     * only.
     */
    AUDIENCE_MISMATCH(Outcome.UNAUTHORIZED),
    /** {@code client_id} is not one of the profile's {@code clientIds}. */
    CLIENT_MISMATCH(Outcome.UNAUTHORIZED),
    /** {@code token_use} is not the profile's (an ID token where an access token is required, say). */
    TOKEN_USE_MISMATCH(Outcome.UNAUTHORIZED),
    /** {@code exp} is in the past (beyond the clock skew). */
    EXPIRED(Outcome.UNAUTHORIZED),
    /** {@code nbf} is in the future (beyond the clock skew). */
    NOT_YET_VALID(Outcome.UNAUTHORIZED),
    /** {@code iat} is in the future (beyond the clock skew). */
    ISSUED_IN_FUTURE(Outcome.UNAUTHORIZED),
    /**
     * {@code exp - iat} exceeds {@code MAX_TOKEN_LIFETIME_SECONDS}: revocation records are kept only that long, so
     * such a token could outlive its own revocation.
     */
    LIFETIME_TOO_LONG(Outcome.UNAUTHORIZED),
    /** The token's own item is flagged revoked. */
    TOKEN_REVOKED(Outcome.UNAUTHORIZED),
    /** The token's family ({@code origin_jti}) is flagged revoked. */
    FAMILY_REVOKED(Outcome.UNAUTHORIZED),
    /** The user revoked every token issued before a moment this token's {@code iat} precedes. */
    USER_REVOKED(Outcome.UNAUTHORIZED),
    /** The token's session ({@code sid}) was ended by its issuer (OpenID Connect Back-Channel Logout). */
    SESSION_REVOKED(Outcome.UNAUTHORIZED),
    /** Allowlist mode: the token was never registered. */
    TOKEN_NOT_REGISTERED(Outcome.UNAUTHORIZED),
    /**
     * The token is DPoP-bound ({@code cnf.jkt}) but the request carries no DPoP proof: sent with the {@code Bearer}
     * scheme (a downgrade RFC 9449 section 7.2 forbids), or with the {@code DPoP} scheme and no {@code DPoP} header.
     */
    DPOP_PROOF_MISSING(Outcome.UNAUTHORIZED),
    /**
     * The {@code DPoP} header is not an acceptable proof (RFC 9449 section 4.3): more than one header, not one compact
     * JWS, {@code typ} not {@code dpop+jwt}, an {@code alg} the issuer profile does not allow, no public {@code jwk}
     * (or one with private members), a bad signature, a required claim missing or of the wrong type.
     */
    DPOP_PROOF_INVALID(Outcome.UNAUTHORIZED),
    /** A valid proof made for another request or token: {@code htm}, {@code htu} or {@code ath} does not match. */
    DPOP_PROOF_MISMATCH(Outcome.UNAUTHORIZED),
    /** The proof's {@code iat} is older than the profile's proof window or further ahead than its clock skew. */
    DPOP_PROOF_OUTSIDE_WINDOW(Outcome.UNAUTHORIZED),
    /** The proof's {@code jti} was already used with this key within the window, at any authorizer instance. */
    DPOP_PROOF_REPLAYED(Outcome.UNAUTHORIZED),
    /**
     * The proof's key (its RFC 7638 thumbprint) is not the key the token is bound to ({@code cnf.jkt}), or a token
     * without {@code cnf.jkt} was sent with the {@code DPoP} scheme.
     */
    DPOP_KEY_MISMATCH(Outcome.UNAUTHORIZED),
    /** The issuer profile says {@code "dpop": "required"} and the token is not DPoP-bound. */
    DPOP_REQUIRED(Outcome.UNAUTHORIZED),
    /** The token is bound to a client certificate ({@code cnf.x5t#S256}) and the request carries none. */
    CLIENT_CERTIFICATE_MISSING(Outcome.UNAUTHORIZED),
    /** The mutual-TLS client certificate's SHA-256 thumbprint is not the token's {@code cnf.x5t#S256}. */
    CLIENT_CERTIFICATE_MISMATCH(Outcome.UNAUTHORIZED),
    /**
     * The token carries a binding this authorizer cannot verify on this request, so it is refused rather than
     * accepted as a bearer token: a {@code cnf} member other than {@code jkt} and {@code x5t#S256}, a binding on an
     * event shape that carries neither the {@code DPoP} header nor the client certificate (REST {@code TOKEN}), or a
     * binding while answers may be cached ({@code AUTHORIZER_RESULT_TTL_SECONDS} above 0).
     */
    UNSUPPORTED_BINDING(Outcome.UNAUTHORIZED),
    /** A valid token without the scope a route rule requires. */
    INSUFFICIENT_SCOPE(Outcome.FORBIDDEN),
    /** The event is of no known API Gateway shape. */
    UNKNOWN_EVENT_SHAPE(Outcome.UNAUTHORIZED),
    /**
     * The issuer's keys could not be had: the JWKS endpoint (or its discovery document) could not be reached or is
     * unusable, and no cached key could answer.
     */
    KEYS_UNAVAILABLE(Outcome.UNAVAILABLE),
    /**
     * The token names a {@code kid} the cached keys lack and no fetch has looked for yet, while the JWKS refresh
     * budget ({@code JWKS_REFRESH_MIN_INTERVAL_SECONDS}) is spent: it may be a key the issuer has just started to use,
     * so the answer is an error API Gateway never caches, not a 401 it would cache against a valid token. A
     * {@code kid} a fetch has looked for, or a retired one, is {@link #UNKNOWN_KEY}.
     */
    KEY_REFRESH_DEFERRED(Outcome.UNAVAILABLE),
    /** DynamoDB could not answer within the budget. */
    STORE_UNAVAILABLE(Outcome.UNAVAILABLE),
    /**
     * DynamoDB refused the lookup for capacity (a hot partition, on-demand's ramp, a table quota) on the last attempt
     * the budget allowed: the same uncached error as {@link #STORE_UNAVAILABLE}, named apart so an alarm can tell
     * throttling from an outage.
     */
    STORE_THROTTLED(Outcome.UNAVAILABLE),
    /**
     * The decision would have been an Allow resting on a revocation read started more than
     * {@code RevocationRace.MAX_READ_AGE} earlier (a stalled read, a long pause): answered as an uncached error, so a
     * cache flush that follows a revocation can never miss an Allow cached from a read older than the revocation.
     */
    STALE_REVOCATION_READ(Outcome.UNAVAILABLE);

    private final Outcome outcome;

    DenyReason(Outcome outcome) {
        this.outcome = outcome;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** How a reason is answered. */
    public enum Outcome {
        /** 401: the token is not acceptable. */
        UNAUTHORIZED,
        /** 403: the token is acceptable but not for this route. */
        FORBIDDEN,
        /** A dependency failed: answer an error (500), never Allow and never a cacheable Deny. */
        UNAVAILABLE
    }
}

package dev.tokengate.core.token;

/**
 * Why a logout token (OpenID Connect Back-Channel Logout 1.0, section 2.6) was refused. The names are public API:
 * they are logged as the receiver's {@code reason} and returned as the error description's code. Refusals the
 * access-token pipeline shares (structure, header, keys, signature) keep its {@link DenyReason} names.
 */
public enum LogoutRefusal {
    MISSING_TOKEN,
    TOKEN_TOO_LARGE,
    MALFORMED_TOKEN,
    UNSIGNED_TOKEN,
    /** Logout tokens are accepted signed only: this deployment registers no decryption key at the issuer. */
    ENCRYPTED_TOKEN,
    ALGORITHM_NOT_ALLOWED,
    /** {@code typ} is present and not {@code logout+jwt} (or a configured alternative): another kind of token. */
    TYPE_NOT_ALLOWED,
    UNSUPPORTED_CRITICAL_HEADER,
    UNKNOWN_KEY,
    KEY_MISMATCH,
    BAD_SIGNATURE,
    INVALID_CLAIM,
    MISSING_CLAIM,
    /** {@code iss} is not exactly the issuer of the profile the request was addressed to. */
    ISSUER_MISMATCH,
    /** {@code aud} names none of the profile's back-channel logout audiences. */
    AUDIENCE_MISMATCH,
    /** {@code exp} is present and in the past (beyond the clock skew). */
    EXPIRED,
    /** {@code nbf} is present and in the future (beyond the clock skew). */
    NOT_YET_VALID,
    /** {@code iat} is in the future (beyond the clock skew). */
    ISSUED_IN_FUTURE,
    /** {@code iat} is older than the acceptance window: too old to be a fresh logout, and past its replay record. */
    STALE_TOKEN,
    /** {@code events} has no {@code http://schemas.openid.net/event/backchannel-logout} member holding an object. */
    MISSING_LOGOUT_EVENT,
    /** Neither {@code sub} nor {@code sid}: nothing says whose session ended. */
    NO_SUBJECT_OR_SESSION,
    /** A {@code nonce}: an ID token, never a logout token (section 2.4 forbids it). */
    NONCE_PRESENT,
    /** This {@code jti} was already accepted from this issuer (by any instance of the receiver). */
    REPLAYED,
    /** The issuer's keys could not be had: an error the issuer may retry, never an acceptance. */
    KEYS_UNAVAILABLE;

    /** The refusal a shared pipeline step reported, under the same name. */
    static LogoutRefusal of(DenyReason reason) {
        for (LogoutRefusal refusal : values()) {
            if (refusal.name().equals(reason.name())) {
                return refusal;
            }
        }
        return MALFORMED_TOKEN;
    }
}

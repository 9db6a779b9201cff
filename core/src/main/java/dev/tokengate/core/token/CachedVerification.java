package dev.tokengate.core.token;

import com.nimbusds.jose.jwk.JWK;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What one full validation established about a token, kept so that a later use of the very same token string can
 * skip parsing and the signature: the validated claims, the issuer profile that accepted them (by its exact
 * {@code iss}), the {@code kid} and the trusted keys the signature was checked against, and the token's times. A
 * later use still re-checks that those keys are in the profile's current key set and re-runs every clock rule.
 *
 * @param keys every key the selector offered for the signature (one, unless a key set repeats a {@code kid}); the
 *     entry holds only while all of them are still trusted
 * @param bytes an estimate of the heap this entry holds, for the cache's byte bound
 */
record CachedVerification(ValidationResult.Valid result, String issuer, String kid, List<JWK> keys, TokenTimes times,
                          long bytes) {
    /** Map node, digest, this record, the result and token records, instants, optionals: generously rounded up. */
    private static final long FIXED_BYTES = 512;
    /** A String's header and array header; its characters are counted at two bytes each (they may not be Latin-1). */
    private static final long STRING_BYTES = 48;
    private static final long ELEMENT_BYTES = 16;

    CachedVerification {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(kid, "kid");
        keys = List.copyOf(keys);
        Objects.requireNonNull(times, "times");
    }

    CachedVerification(ValidationResult.Valid result, String issuer, String kid, List<JWK> keys, TokenTimes times) {
        this(result, issuer, kid, keys, times, estimateBytes(result.token(), kid));
    }

    /** The keys are the key set's own objects, shared with it: only their references are counted. */
    static long estimateBytes(ValidatedToken token, String kid) {
        long bytes = FIXED_BYTES + string(kid) + string(token.issuerId()) + string(token.subject())
                + string(token.tokenId()) + string(token.issuer()) + strings(token.audience())
                + strings(token.scopes());
        bytes += token.clientId().map(CachedVerification::string).orElse(0L);
        bytes += token.originTokenId().map(CachedVerification::string).orElse(0L);
        bytes += token.sessionId().map(CachedVerification::string).orElse(0L);
        Confirmation cnf = token.confirmation();
        if (cnf.present()) {
            bytes += cnf.jwkThumbprint().map(CachedVerification::string).orElse(0L)
                    + cnf.certificateThumbprint().map(CachedVerification::string).orElse(0L)
                    + strings(cnf.otherMembers());
        }
        return bytes;
    }

    private static long strings(Collection<String> values) {
        long bytes = STRING_BYTES;
        for (String value : values) {
            bytes += ELEMENT_BYTES + string(value);
        }
        return bytes;
    }

    private static long string(String value) {
        return STRING_BYTES + 2L * value.length();
    }
}

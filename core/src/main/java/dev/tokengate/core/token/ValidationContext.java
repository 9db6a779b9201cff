package dev.tokengate.core.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Instant;
import java.util.List;

/**
 * Per-validation state handed through nimbus's plug points. A plug point that refuses a token records the typed
 * reason here before throwing nimbus's checked exception; {@link JwtValidator} reads it back at its single
 * translation boundary, so no exception message is ever parsed.
 */
final class ValidationContext implements SecurityContext {
    private final Instant now;
    private final boolean enforceExpiry;
    private DenyReason reason;
    private String detail;
    private String kid;
    private List<JWK> offeredKeys = List.of();

    ValidationContext(Instant now, boolean enforceExpiry) {
        this.now = now;
        this.enforceExpiry = enforceExpiry;
    }

    Instant now() {
        return now;
    }

    boolean enforceExpiry() {
        return enforceExpiry;
    }

    /** Records the first refusal; later ones never overwrite it. */
    void refuse(DenyReason refusal, String why) {
        if (this.reason == null) {
            this.reason = refusal;
            this.detail = why;
        }
    }

    /** Records a refusal (the first one wins) and answers true, so a check can end with {@code return refuseWith(...)}. */
    boolean refuseWith(DenyReason refusal, String why) {
        refuse(refusal, why);
        return true;
    }

    DenyReason reason() {
        return reason;
    }

    String detail() {
        return detail;
    }

    /** The key selector's answer: the trusted keys it offered for the signature, found by this {@code kid}. */
    void offeredKeys(String keyId, List<JWK> keys) {
        this.kid = keyId;
        this.offeredKeys = keys;
    }

    String kid() {
        return kid;
    }

    List<JWK> offeredKeys() {
        return offeredKeys;
    }
}

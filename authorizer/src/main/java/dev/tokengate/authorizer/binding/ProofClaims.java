package dev.tokengate.authorizer.binding;

import java.util.Map;

/**
 * The claims RFC 9449 requires of a proof sent with an access token (section 4.2 and 7), read from the verified
 * payload with their JSON types checked before use: {@code jti}, {@code htm}, {@code htu} and {@code ath} strings,
 * {@code iat} a number. A {@code nonce} is not required: this authorizer never hands one out.
 *
 * @param problem why the claims are unusable, or null
 */
record ProofClaims(String jti, String htm, String htu, long iat, String ath, String problem) {

    static ProofClaims read(Map<String, Object> claims) {
        String problem = null;
        for (String name : new String[] {"jti", "htm", "htu", "ath"}) {
            Object value = claims.get(name);
            if (value == null) {
                problem = "required claim " + name + " is missing";
                break;
            }
            if (!(value instanceof String text) || text.isEmpty()) {
                problem = name + " must be a non-empty string";
                break;
            }
        }
        Object iat = claims.get("iat");
        if (problem == null && !(iat instanceof Number)) {
            problem = iat == null ? "required claim iat is missing" : "iat must be a number";
        }
        if (problem == null && ((String) claims.get("jti")).length() > DpopProofVerifier.MAX_JTI_CHARS) {
            problem = "jti is longer than " + DpopProofVerifier.MAX_JTI_CHARS + " characters";
        }
        if (problem != null) {
            return new ProofClaims(null, null, null, 0, null, problem);
        }
        double seconds = ((Number) iat).doubleValue();
        if (!Double.isFinite(seconds) || Math.abs(seconds) > 1e12) {
            return new ProofClaims(null, null, null, 0, null, "iat is not a plausible NumericDate");
        }
        return new ProofClaims((String) claims.get("jti"), (String) claims.get("htm"), (String) claims.get("htu"),
                (long) Math.floor(seconds), (String) claims.get("ath"), null);
    }
}

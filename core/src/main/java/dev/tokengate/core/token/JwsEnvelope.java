package dev.tokengate.core.token;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks every compact JWS goes through before any issuer's keys are involved, shared by the access-token
 * validator and the logout-token validator: size cap, structure (JWS only, never JWE or {@code alg: none}), header
 * ({@code none} in any case, an algorithm outside the allowlist, unknown {@code crit}), payload a JSON object, raw
 * claim types. Nothing here is trusted yet: it only decides whether the token is worth a signature check.
 *
 * @param jwt the token, parsed once; {@code null} when refused
 * @param payload its raw claims; {@code null} when refused
 * @param refusal why it was refused; {@code null} when opened
 */
record JwsEnvelope(ParsedSignedJwt jwt, Map<String, Object> payload, ValidationResult.Rejected refusal) {
    /** Registered claims that are strings (RFC 7519 StringOrURI or string), whatever a parser would coerce. */
    private static final List<String> STRING_CLAIMS = List.of(Claims.ISS, Claims.SUB, Claims.JTI);
    /** Claims whose JSON {@code null} must not read as "absent": a typed claim is its type or it is refused. */
    static final List<String> NEVER_NULL_CLAIMS = List.of(Claims.ISS, Claims.SUB, Claims.AUD, Claims.EXP,
            Claims.NBF, Claims.IAT, Claims.JTI, Claims.SCOPE, Claims.SCP, Claims.CLIENT_ID, Claims.TOKEN_USE,
            Claims.ORIGIN_JTI, Claims.SID, Claims.CNF);

    /** Bit {@code c} of these is set for the characters of base64url and the dot, {@code c} below 64 and from 64. */
    private static final long COMPACT_LOW = 0x03ff_6000_0000_0000L;  // '-', '.', '0'-'9'
    private static final long COMPACT_HIGH = 0x07ff_fffe_87ff_fffeL; // 'A'-'Z', '_', 'a'-'z'

    /**
     * @param maxBytes tokens longer than this are refused before anything is decoded
     * @param algorithms the algorithms any verifier of this kind of token could accept
     */
    static JwsEnvelope open(String token, int maxBytes, Set<JWSAlgorithm> algorithms) {
        if (token == null || token.isEmpty()) {
            return refused(DenyReason.MISSING_TOKEN, "no token");
        }
        // Size first: nothing is decoded or parsed for an oversized input.
        if (token.length() > maxBytes) {
            return refused(DenyReason.TOKEN_TOO_LARGE, "token is longer than " + maxBytes + " bytes");
        }
        int dots = dotsOfCompactAscii(token);
        if (dots < 0) {
            return refused(DenyReason.MALFORMED_TOKEN, "token has characters outside base64url");
        }
        if (dots == 4) {
            return refused(DenyReason.ENCRYPTED_TOKEN, "a JWE was presented; only JWS is accepted");
        }
        if (dots != 2) {
            return refused(DenyReason.MALFORMED_TOKEN, "not a compact JWS (three segments)");
        }
        ParsedSignedJwt jwt;
        try {
            Base64URL[] parts = SignedJWT.split(token);
            // The usual case parses the header once, here; anything that is not a JWS header is classified below.
            jwt = new ParsedSignedJwt(TokenSegment.of(parts[0]), TokenSegment.of(parts[1]), TokenSegment.of(parts[2]));
        } catch (ParseException | RuntimeException notJws) {
            return new JwsEnvelope(null, null, classifyNonJws(token, algorithms));
        }
        ValidationResult.Rejected headerProblem = checkHeader(jwt.getHeader(), algorithms);
        if (headerProblem == null) {
            headerProblem = checkNullHeaderParameters(jwt.getHeader());
        }
        if (headerProblem != null) {
            return new JwsEnvelope(null, null, headerProblem);
        }
        Map<String, Object> payload = jwt.rawClaims();
        if (payload == null) {
            return refused(DenyReason.MALFORMED_TOKEN, "payload is not a JSON object");
        }
        ValidationResult.Rejected typeProblem = checkRawTypes(payload);
        if (typeProblem != null) {
            return new JwsEnvelope(null, null, typeProblem);
        }
        return new JwsEnvelope(jwt, payload, null);
    }

    boolean isRefused() {
        return refusal != null;
    }

    /** The header's algorithm, which {@link #open} already checked is a JWS algorithm on the list. */
    JWSAlgorithm algorithm() {
        return JWSAlgorithm.parse(jwt.getHeader().getAlgorithm().getName());
    }

    private static JwsEnvelope refused(DenyReason reason, String detail) {
        return new JwsEnvelope(null, null, new ValidationResult.Rejected(reason, detail));
    }

    /**
     * Claim types checked on the raw JSON, before any parser can coerce them: nimbus turns a numeric sub into a
     * string ("sub": 42 must not become the same principal as "sub": "42"), and reads a JSON null as absent (an
     * "exp": null must not read as a token without exp, nor a "nbf": null as a token without nbf).
     */
    private static ValidationResult.Rejected checkRawTypes(Map<String, Object> payload) {
        ValidationResult.Rejected nullProblem = nullClaim(payload, NEVER_NULL_CLAIMS);
        if (nullProblem != null) {
            return nullProblem;
        }
        for (String name : STRING_CLAIMS) {
            Object value = payload.get(name);
            if (value != null && !(value instanceof String)) {
                return new ValidationResult.Rejected(DenyReason.INVALID_CLAIM, name + " must be a string");
            }
        }
        return null;
    }

    /** A claim present with the value {@code null} is a claim of the wrong type, never an absent one. */
    static ValidationResult.Rejected nullClaim(Map<String, Object> payload, List<String> names) {
        for (String name : names) {
            if (payload.containsKey(name) && payload.get(name) == null) {
                return new ValidationResult.Rejected(DenyReason.INVALID_CLAIM, name + " is null");
            }
        }
        return null;
    }

    /**
     * nimbus reads a header parameter set to {@code null} as absent: a {@code "typ": null} would pass where a profile
     * accepts tokens without {@code typ}. Any other mistyped header parameter makes nimbus refuse the header, so a
     * {@code null} one is refused alike. The header is parsed again only when its JSON contains the word.
     */
    private static ValidationResult.Rejected checkNullHeaderParameters(JWSHeader header) {
        String json = header.getParsedBase64URL().decodeToString();
        if (!json.contains("null")) {
            return null;
        }
        try {
            if (JSONObjectUtils.parse(json).containsValue(null)) {
                return new ValidationResult.Rejected(DenyReason.MALFORMED_TOKEN, "a header parameter is null");
            }
        } catch (ParseException e) {
            return new ValidationResult.Rejected(DenyReason.MALFORMED_TOKEN, "header is not a JOSE header");
        }
        return null;
    }

    /** A compact token whose first segment is not a JWS header: unsecured, encrypted, or not JOSE at all. */
    private static ValidationResult.Rejected classifyNonJws(String token, Set<JWSAlgorithm> algorithms) {
        try {
            Header header = Header.parse(SignedJWT.split(token)[0]);
            if (header instanceof PlainHeader) {
                return new ValidationResult.Rejected(DenyReason.UNSIGNED_TOKEN, "alg none");
            }
            if (header instanceof JWEHeader) {
                return new ValidationResult.Rejected(DenyReason.ENCRYPTED_TOKEN, "a JWE header was presented");
            }
            if (header instanceof JWSHeader jws) {
                // A JWS header with an unusable rest (an empty signature, say): the header may still say why.
                ValidationResult.Rejected headerProblem = checkHeader(jws, algorithms);
                if (headerProblem != null) {
                    return headerProblem;
                }
            }
        } catch (ParseException | RuntimeException e) {
            // falls through: not a JOSE header
        }
        return new ValidationResult.Rejected(DenyReason.MALFORMED_TOKEN, "header is not a JOSE header");
    }

    private static ValidationResult.Rejected checkHeader(JWSHeader jws, Set<JWSAlgorithm> algorithms) {
        Algorithm alg = jws.getAlgorithm();
        if (ProfileFields.isNone(alg.getName())) {
            return new ValidationResult.Rejected(DenyReason.UNSIGNED_TOKEN, "alg none in another letter case");
        }
        if (!algorithms.contains(JWSAlgorithm.parse(alg.getName()))) {
            return new ValidationResult.Rejected(DenyReason.ALGORITHM_NOT_ALLOWED,
                    "alg is not one any trusted issuer accepts (" + algorithms + ")");
        }
        Set<String> crit = jws.getCriticalParams();
        if (crit != null && !crit.isEmpty()) {
            return new ValidationResult.Rejected(DenyReason.UNSUPPORTED_CRITICAL_HEADER,
                    "crit lists parameters this validator does not process");
        }
        return null;
    }

    /**
     * The number of dots, or -1 when a character is outside base64url and the dot. One pass, one table bit per
     * character: under Lambda's C1-only JIT a chain of range comparisons per character costs microseconds per token.
     */
    private static int dotsOfCompactAscii(String token) {
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c >= 128 || (((c < 64 ? COMPACT_LOW : COMPACT_HIGH) >>> (c & 63)) & 1) == 0) {
                return -1;
            }
            if (c == '.') {
                dots++;
            }
        }
        return dots;
    }
}

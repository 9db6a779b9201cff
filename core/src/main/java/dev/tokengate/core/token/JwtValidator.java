package dev.tokengate.core.token;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Strict JWT validation, shared by the authorizer and the revocation API. The pipeline runs in a fixed order: size
 * cap, structure (JWS only), header (alg allowlist, no unknown {@code crit}), then nimbus's processor with our plug
 * points (typ, trusted key by {@code kid}, signature), and only after the signature verifies, the claims.
 *
 * <p>{@link #validate} never throws for anything a caller sends: every failure is a {@link ValidationResult.Rejected}
 * with a {@link DenyReason}. Nimbus failures are translated in exactly one place, {@link #translate}.
 */
public final class JwtValidator {
    /** Registered claims that are strings (RFC 7519 StringOrURI or string), whatever a parser would coerce. */
    private static final List<String> STRING_CLAIMS = List.of("iss", "sub", "jti");
    /** The profile id of the single-issuer configuration. */
    static final String DEFAULT_ISSUER_ID = "default";

    private final JwtConfig config;
    private final DefaultJWTProcessor<ValidationContext> processor;

    private JwtValidator(JwtConfig config, JwkSources.Keys keys) {
        this.config = Objects.requireNonNull(config, "config");
        DefaultJWTProcessor<ValidationContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(new TypeAllowlist(config.types(), config.allowMissingType()));
        p.setJWSKeySelector(new TrustedKeySelector(keys.source(), keys.inOutage()));
        p.setJWSVerifierFactory(new CachingVerifierFactory());
        p.setJWTClaimsSetVerifier(new StrictClaimsVerifier(config));
        this.processor = p;
    }

    /** A validator over the key source the configuration names (inline set or remote JWKS with caching). */
    public static JwtValidator create(JwtConfig config) {
        return new JwtValidator(config, JwkSources.fromConfig(config));
    }

    public JwtConfig config() {
        return config;
    }

    /** Full validation, expiry included. */
    public ValidationResult validate(String token, Instant now) {
        return run(token, now, true);
    }

    /**
     * Validation that still checks signature, issuer, audience and every other claim but accepts an expired
     * token: for the revocation API, where presenting an expired token is a harmless no-op.
     */
    public ValidationResult validateIgnoringExpiry(String token, Instant now) {
        return run(token, now, false);
    }

    private ValidationResult run(String token, Instant now, boolean enforceExpiry) {
        if (token == null || token.isEmpty()) {
            return ValidationResult.rejected(DenyReason.MISSING_TOKEN, "no token");
        }
        // Size first: nothing is decoded or parsed for an oversized input.
        if (token.length() > config.maxTokenBytes()) {
            return ValidationResult.rejected(DenyReason.TOKEN_TOO_LARGE,
                    "token is longer than " + config.maxTokenBytes() + " bytes");
        }
        if (!isCompactAscii(token)) {
            return ValidationResult.rejected(DenyReason.MALFORMED_TOKEN, "token has characters outside base64url");
        }
        int dots = countDots(token);
        if (dots == 4) {
            return ValidationResult.rejected(DenyReason.ENCRYPTED_TOKEN, "a JWE was presented; only JWS is accepted");
        }
        if (dots != 2) {
            return ValidationResult.rejected(DenyReason.MALFORMED_TOKEN, "not a compact JWS (three segments)");
        }
        Base64URL[] parts;
        ParsedSignedJwt jwt;
        try {
            parts = SignedJWT.split(token);
            // The usual case parses the header once, here; anything that is not a JWS header is classified below.
            jwt = new ParsedSignedJwt(parts[0], parts[1], parts[2]);
        } catch (ParseException | RuntimeException notJws) {
            return classifyNonJws(token);
        }
        ValidationResult headerProblem = checkHeader(jwt.getHeader());
        if (headerProblem != null) {
            return headerProblem;
        }
        Map<String, Object> payload = jwt.rawClaims();
        if (payload == null) {
            return ValidationResult.rejected(DenyReason.MALFORMED_TOKEN, "payload is not a JSON object");
        }
        for (String name : STRING_CLAIMS) {
            // Checked on the raw JSON: nimbus turns a numeric sub into a string, and "sub": 42 must not become the
            // same principal (and the same USER#42 partition) as "sub": "42".
            Object value = payload.get(name);
            if (value != null && !(value instanceof String)) {
                return ValidationResult.rejected(DenyReason.INVALID_CLAIM, name + " must be a string");
            }
        }
        try {
            jwt.parseClaims(payload); // parsed once and reused by the processor; nothing in it is trusted yet
        } catch (ParseException | RuntimeException e) {
            return ValidationResult.rejected(DenyReason.INVALID_CLAIM, "a registered claim has the wrong type");
        }
        ValidationContext context = new ValidationContext(now, enforceExpiry);
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, context);
        } catch (BadJOSEException | JOSEException | RuntimeException e) {
            return translate(e, context);
        }
        return ValidationResult.valid(toValidatedToken(claims));
    }

    /** A compact token whose first segment is not a JWS header: unsecured, encrypted, or not JOSE at all. */
    private ValidationResult classifyNonJws(String token) {
        try {
            Header header = Header.parse(SignedJWT.split(token)[0]);
            if (header instanceof PlainHeader) {
                return ValidationResult.rejected(DenyReason.UNSIGNED_TOKEN, "alg none");
            }
            if (header instanceof JWEHeader) {
                return ValidationResult.rejected(DenyReason.ENCRYPTED_TOKEN, "a JWE header was presented");
            }
            if (header instanceof JWSHeader jws) {
                // A JWS header with an unusable rest (an empty signature, say): the header may still say why.
                ValidationResult headerProblem = checkHeader(jws);
                if (headerProblem != null) {
                    return headerProblem;
                }
            }
        } catch (ParseException | RuntimeException e) {
            // falls through: not a JOSE header
        }
        return ValidationResult.rejected(DenyReason.MALFORMED_TOKEN, "header is not a JOSE header");
    }

    private ValidationResult checkHeader(JWSHeader jws) {
        Algorithm alg = jws.getAlgorithm();
        if (JwtConfig.isNone(alg.getName())) {
            return ValidationResult.rejected(DenyReason.UNSIGNED_TOKEN, "alg none in another letter case");
        }
        if (!config.algorithms().contains(JWSAlgorithm.parse(alg.getName()))) {
            return ValidationResult.rejected(DenyReason.ALGORITHM_NOT_ALLOWED,
                    "alg is not one of " + config.algorithms());
        }
        Set<String> crit = jws.getCriticalParams();
        if (crit != null && !crit.isEmpty()) {
            return ValidationResult.rejected(DenyReason.UNSUPPORTED_CRITICAL_HEADER,
                    "crit lists parameters this validator does not process");
        }
        return null;
    }

    /** The one boundary where nimbus failures become deny reasons. Exception messages are never read. */
    private static ValidationResult translate(Exception e, ValidationContext context) {
        if (context.reason() != null) {
            return ValidationResult.rejected(context.reason(), context.detail());
        }
        if (e instanceof BadJWSException) {
            return ValidationResult.rejected(DenyReason.BAD_SIGNATURE, "signature does not verify with the trusted key");
        }
        if (e instanceof KeySourceException) {
            return ValidationResult.rejected(DenyReason.KEYS_UNAVAILABLE,
                    "the JWKS could not be retrieved (" + e.getClass().getSimpleName() + ")");
        }
        return ValidationResult.rejected(DenyReason.MALFORMED_TOKEN,
                "rejected by the JOSE processor (" + e.getClass().getSimpleName() + ")");
    }

    private static ValidatedToken toValidatedToken(JWTClaimsSet claims) {
        Set<String> scopes = ScopeClaims.read(claims.getClaim("scope"), claims.getClaim("scp"));
        return new ValidatedToken(
                DEFAULT_ISSUER_ID,
                (String) claims.getClaim("sub"),
                (String) claims.getClaim("jti"),
                claims.getIssuer(),
                claims.getAudience() == null ? List.of() : claims.getAudience(),
                claims.getExpirationTime().toInstant(),
                claims.getIssueTime().toInstant(),
                scopes,
                stringClaim(claims, "client_id"),
                stringClaim(claims, "origin_jti"),
                stringClaim(claims, "sid"));
    }

    private static Optional<String> stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
    }

    private static boolean isCompactAscii(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static int countDots(String token) {
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.') {
                dots++;
            }
        }
        return dots;
    }
}

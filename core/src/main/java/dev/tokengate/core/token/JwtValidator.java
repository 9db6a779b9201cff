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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Strict JWT validation, shared by the authorizer and the revocation API. The pipeline runs in a fixed order: size
 * cap, structure (JWS only), header ({@code none}, unknown {@code crit}, an algorithm no profile accepts), raw claim
 * types, then the issuer profile selected by the token's exact {@code iss} (read from the unverified payload only as
 * a lookup key: an unknown issuer is refused before any key is fetched), that profile's algorithm allowlist, and
 * that profile's nimbus processor with our plug points (typ, trusted key by {@code kid} from that profile's keys
 * only, signature), and only after the signature verifies, that profile's claim checks. Keys never cross profiles.
 *
 * <p>{@link #validate} never throws for anything a caller sends: every failure is a {@link ValidationResult.Rejected}
 * with a {@link DenyReason}. Nimbus failures are translated in exactly one place, {@link #translate}.
 */
public final class JwtValidator {
    /** Registered claims that are strings (RFC 7519 StringOrURI or string), whatever a parser would coerce. */
    private static final List<String> STRING_CLAIMS = List.of(Claims.ISS, Claims.SUB, Claims.JTI);
    /** Claims whose JSON {@code null} must not read as "absent": a typed claim is its type or it is refused. */
    private static final List<String> NEVER_NULL_CLAIMS = List.of(Claims.ISS, Claims.SUB, Claims.AUD, Claims.EXP,
            Claims.NBF, Claims.IAT, Claims.JTI, Claims.SCOPE, Claims.SCP, Claims.CLIENT_ID, Claims.TOKEN_USE,
            Claims.ORIGIN_JTI, Claims.SID, Claims.CNF);

    private final JwtConfig config;
    private final Set<JWSAlgorithm> anyProfileAlgorithms;
    private final Map<String, Pipeline> byIssuer;

    /** One profile's processor: its typ rule, its keys, its claim checks. Built once, at init. */
    private record Pipeline(IssuerProfile profile, DefaultJWTProcessor<ValidationContext> processor) {
    }

    private JwtValidator(JwtConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.anyProfileAlgorithms = Set.copyOf(config.anyProfileAlgorithms());
        CachingVerifierFactory verifiers = new CachingVerifierFactory();
        Map<String, Pipeline> pipelines = new HashMap<>();
        for (IssuerProfile profile : config.profiles()) {
            JwkSources.Keys keys = JwkSources.forProfile(profile, config.jwks());
            DefaultJWTProcessor<ValidationContext> p = new DefaultJWTProcessor<>();
            p.setJWSTypeVerifier(new TypeAllowlist(profile.types(), profile.allowMissingType()));
            p.setJWSKeySelector(new TrustedKeySelector(keys.source(), keys.inOutage()));
            p.setJWSVerifierFactory(verifiers);
            p.setJWTClaimsSetVerifier(new StrictClaimsVerifier(profile));
            pipelines.put(profile.issuer(), new Pipeline(profile, p));
        }
        this.byIssuer = Map.copyOf(pipelines);
    }

    /** A validator over every profile's key source (inline sets, remote JWKS with caching, discovery). */
    public static JwtValidator create(JwtConfig config) {
        return new JwtValidator(config);
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
        ValidationResult typeProblem = checkRawTypes(payload);
        if (typeProblem != null) {
            return typeProblem;
        }
        Object iss = payload.get(Claims.ISS);
        if (iss == null) {
            return ValidationResult.rejected(DenyReason.MISSING_CLAIM, "required claim iss is missing");
        }
        // The unverified iss is only a lookup key: acceptance comes from that profile's keys and checks.
        Pipeline pipeline = byIssuer.get((String) iss);
        if (pipeline == null) {
            return ValidationResult.rejected(DenyReason.UNKNOWN_ISSUER, "iss names no trusted issuer");
        }
        if (!pipeline.profile().algorithms().contains(JWSAlgorithm.parse(jwt.getHeader().getAlgorithm().getName()))) {
            return ValidationResult.rejected(DenyReason.ALGORITHM_NOT_ALLOWED, "alg is not one of "
                    + pipeline.profile().algorithms() + " for issuer profile " + pipeline.profile().id());
        }
        try {
            jwt.parseClaims(payload); // parsed once and reused by the processor; nothing in it is trusted yet
        } catch (ParseException | RuntimeException e) {
            return ValidationResult.rejected(DenyReason.INVALID_CLAIM, "a registered claim has the wrong type");
        }
        ValidationContext context = new ValidationContext(now, enforceExpiry);
        JWTClaimsSet claims;
        try {
            claims = pipeline.processor().process(jwt, context);
        } catch (BadJOSEException | JOSEException | RuntimeException e) {
            return translate(e, context);
        }
        return ValidationResult.valid(toValidatedToken(claims, pipeline.profile()));
    }

    /**
     * Claim types checked on the raw JSON, before any parser can coerce them: nimbus turns a numeric sub into a
     * string ("sub": 42 must not become the same principal as "sub": "42"), and reads a JSON null as absent (an
     * "exp": null must not read as a token without exp, nor a "nbf": null as a token without nbf).
     */
    private static ValidationResult checkRawTypes(Map<String, Object> payload) {
        for (String name : NEVER_NULL_CLAIMS) {
            if (payload.containsKey(name) && payload.get(name) == null) {
                return ValidationResult.rejected(DenyReason.INVALID_CLAIM, name + " is null");
            }
        }
        for (String name : STRING_CLAIMS) {
            Object value = payload.get(name);
            if (value != null && !(value instanceof String)) {
                return ValidationResult.rejected(DenyReason.INVALID_CLAIM, name + " must be a string");
            }
        }
        return null;
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
        if (ProfileFields.isNone(alg.getName())) {
            return ValidationResult.rejected(DenyReason.UNSIGNED_TOKEN, "alg none in another letter case");
        }
        if (!anyProfileAlgorithms.contains(JWSAlgorithm.parse(alg.getName()))) {
            return ValidationResult.rejected(DenyReason.ALGORITHM_NOT_ALLOWED,
                    "alg is not one any trusted issuer accepts (" + anyProfileAlgorithms + ")");
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
        if (e instanceof DiscoveredJwkSource.DiscoveryFailure failure) {
            return ValidationResult.rejected(DenyReason.KEYS_UNAVAILABLE, "discovery failed: " + failure.problem());
        }
        if (e instanceof KeySourceException) {
            return ValidationResult.rejected(DenyReason.KEYS_UNAVAILABLE,
                    "the JWKS could not be retrieved (" + e.getClass().getSimpleName() + ")");
        }
        return ValidationResult.rejected(DenyReason.MALFORMED_TOKEN,
                "rejected by the JOSE processor (" + e.getClass().getSimpleName() + ")");
    }

    private static ValidatedToken toValidatedToken(JWTClaimsSet claims, IssuerProfile profile) {
        Set<String> scopes = profile.scopeClaim()
                .map(claim -> ScopeClaims.read(null, claims.getClaim(claim)))
                .orElseGet(() -> ScopeClaims.read(claims.getClaim(Claims.SCOPE), claims.getClaim(Claims.SCP)));
        return new ValidatedToken(
                profile.id(),
                (String) claims.getClaim(Claims.SUB),
                (String) claims.getClaim(Claims.JTI),
                claims.getIssuer(),
                claims.getAudience() == null ? List.of() : claims.getAudience(),
                claims.getExpirationTime().toInstant(),
                claims.getIssueTime().toInstant(),
                scopes,
                stringClaim(claims, Claims.CLIENT_ID),
                stringClaim(claims, Claims.ORIGIN_JTI),
                stringClaim(claims, Claims.SID),
                Confirmation.of(claims.getClaim(Claims.CNF)));
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

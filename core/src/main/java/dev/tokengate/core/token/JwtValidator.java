package dev.tokengate.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Strict JWT validation, shared by the authorizer and the revocation API. The pipeline runs in a fixed order: size
 * cap, structure (JWS only), header ({@code none}, unknown {@code crit}, an algorithm no profile accepts, a {@code
 * null} parameter), raw claim types, then the issuer profile selected by the token's exact {@code iss} (read from the
 * unverified payload only as a lookup key: an unknown issuer is refused before any key is fetched), the raw types of
 * the claims only that profile reads, that profile's algorithm allowlist, and that profile's nimbus processor with
 * our plug points (typ, trusted key by {@code kid} from that profile's keys only, signature), and only after the
 * signature verifies, that profile's claim checks. Keys never cross profiles.
 *
 * <p>{@link #validate} never throws for anything a caller sends: every failure is a {@link ValidationResult.Rejected}
 * with a {@link DenyReason}. Nimbus failures are translated in exactly one place, {@link #translate}.
 *
 * <p>With a verified-token cache ({@link #create(JwtConfig, int)}), a token string that passed this pipeline before
 * skips it: the cached verification is used only while the profile's key set still holds the key it was checked
 * against and every clock rule passes at this call's {@code now} (a refusal there is the reason the full pipeline
 * would give). Refusals are never cached.
 */
public final class JwtValidator {
    private final JwtConfig config;
    private final Set<JWSAlgorithm> anyProfileAlgorithms;
    private final Map<String, Pipeline> byIssuer;
    private final KeyFetchCounts keyFetches = new KeyFetchCounts();
    private final VerifiedTokenCache verified;

    /**
     * One profile's processor (its typ rule, its keys, its claim checks) and the claims only this profile reads (its
     * scope claim, its required claims), which are never null either. Built once, at init. The key selector and
     * the claims verifier are kept to re-check a cached verification.
     */
    private record Pipeline(IssuerProfile profile, TrustedKeySelector keys, StrictClaimsVerifier claims,
                            DefaultJWTProcessor<ValidationContext> processor, List<String> ownClaims) {
        static List<String> readOnlyBy(IssuerProfile profile) {
            Set<String> own = new LinkedHashSet<>();
            profile.scopeClaim().ifPresent(own::add);
            own.addAll(profile.requiredClaims());
            own.removeAll(JwsEnvelope.NEVER_NULL_CLAIMS);
            return List.copyOf(own);
        }
    }

    private JwtValidator(JwtConfig config, int cachedTokens) {
        this.config = Objects.requireNonNull(config, "config");
        this.verified = new VerifiedTokenCache(cachedTokens);
        this.anyProfileAlgorithms = Set.copyOf(config.anyProfileAlgorithms());
        CachingVerifierFactory verifiers = new CachingVerifierFactory();
        Map<String, Pipeline> pipelines = new HashMap<>();
        for (IssuerProfile profile : config.profiles()) {
            JwkSources.Keys keys = JwkSources.forProfile(profile, config.jwks(), keyFetches);
            TrustedKeySelector selector = new TrustedKeySelector(keys.source(), keys.inOutage());
            DefaultJWTProcessor<ValidationContext> p = new DefaultJWTProcessor<>();
            p.setJWSTypeVerifier(new TypeAllowlist(profile.types(), profile.allowMissingType()));
            p.setJWSKeySelector(selector);
            p.setJWSVerifierFactory(verifiers);
            StrictClaimsVerifier claims = new StrictClaimsVerifier(profile);
            p.setJWTClaimsSetVerifier(claims);
            pipelines.put(profile.issuer(), new Pipeline(profile, selector, claims, p, Pipeline.readOnlyBy(profile)));
        }
        this.byIssuer = Map.copyOf(pipelines);
    }

    /** A validator over every profile's key source (inline sets, remote JWKS with caching, discovery). */
    public static JwtValidator create(JwtConfig config) {
        return new JwtValidator(config, 0);
    }

    /**
     * The same, remembering up to {@code cachedTokens} verified tokens (0: none) and 2 KiB of estimated heap per
     * allowed entry ({@link VerifiedTokenCache}). The cache belongs to this validator alone.
     */
    public static JwtValidator create(JwtConfig config, int cachedTokens) {
        return new JwtValidator(config, cachedTokens);
    }

    /** How many verified tokens the cache holds now (0 without a cache). */
    public int cachedTokens() {
        return verified.size();
    }

    public JwtConfig config() {
        return config;
    }

    /**
     * The trusted key selector of one profile, built once: other validators of that issuer's tokens (logout tokens)
     * share its keys, cache and refresh limits instead of fetching the same key set again.
     */
    Optional<TrustedKeySelector> keysOf(IssuerProfile profile) {
        Pipeline pipeline = byIssuer.get(profile.issuer());
        return pipeline == null || !pipeline.profile().id().equals(profile.id()) ? Optional.empty()
                : Optional.of(pipeline.keys());
    }

    /**
     * The key fetches (JWKS and discovery, every profile) since the previous call: each fetch is reported once, to
     * whichever caller drains it (the authorizer, into its next decision line).
     */
    public KeyFetches drainKeyFetches() {
        return keyFetches.drain();
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
        TokenDigest digest = null;
        if (verified.isOn() && token != null && !token.isEmpty() && token.length() <= config.maxTokenBytes()) {
            // Before the envelope, which a hit skips. Only tokens that passed its scan are cached, so their bytes hold
            // no '?', which is what a character outside Latin-1 becomes here: equal bytes mean the very same string.
            digest = TokenDigest.of(token.getBytes(StandardCharsets.ISO_8859_1));
            ValidationResult cached = fromCache(digest, now, enforceExpiry);
            if (cached != null) {
                return cached;
            }
        }
        JwsEnvelope envelope = JwsEnvelope.open(token, config.maxTokenBytes(), anyProfileAlgorithms);
        if (envelope.isRefused()) {
            return envelope.refusal();
        }
        ParsedSignedJwt jwt = envelope.jwt();
        Map<String, Object> payload = envelope.payload();
        Object iss = payload.get(Claims.ISS);
        if (iss == null) {
            return ValidationResult.rejected(DenyReason.MISSING_CLAIM, "required claim iss is missing");
        }
        // The unverified iss is only a lookup key: acceptance comes from that profile's keys and checks.
        Pipeline pipeline = byIssuer.get((String) iss);
        if (pipeline == null) {
            return ValidationResult.rejected(DenyReason.UNKNOWN_ISSUER, "iss names no trusted issuer");
        }
        ValidationResult result = runProfile(pipeline, jwt, payload, now, enforceExpiry, digest);
        return result instanceof ValidationResult.Rejected rejected ? rejected.by(pipeline.profile().id()) : result;
    }

    /** Everything after the token's {@code iss} selected a profile: that profile's algorithms, keys and checks. */
    private ValidationResult runProfile(Pipeline pipeline, ParsedSignedJwt jwt, Map<String, Object> payload,
                                        Instant now, boolean enforceExpiry, TokenDigest digest) {
        ValidationResult ownNull = JwsEnvelope.nullClaim(payload, pipeline.ownClaims());
        if (ownNull != null) {
            return ownNull;
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
        ValidationResult.Valid valid = new ValidationResult.Valid(toValidatedToken(claims, pipeline.profile()));
        if (digest != null && context.kid() != null) {
            verified.put(digest, new CachedVerification(valid, pipeline.profile().issuer(), context.kid(),
                    context.offeredKeys(), TokenTimes.of(claims)));
        }
        return valid;
    }

    /**
     * A cached verification of this exact token, re-checked for this call: null (validate in full) when there is
     * none or its keys left the profile's key set, the clock rules' refusal when one refuses, else the cached result.
     * An entry that fails either check is dropped.
     */
    private ValidationResult fromCache(TokenDigest digest, Instant now, boolean enforceExpiry) {
        CachedVerification entry = verified.get(digest);
        if (entry == null) {
            return null;
        }
        Pipeline pipeline = byIssuer.get(entry.issuer());
        ValidationContext context = new ValidationContext(now, enforceExpiry);
        if (!pipeline.keys().stillOffers(entry.kid(), entry.keys(), context)) {
            verified.remove(digest, entry);
            return null;
        }
        if (pipeline.claims().clockRulesRefuse(entry.times(), context)) {
            verified.remove(digest, entry);
            return new ValidationResult.Rejected(context.reason(), context.detail()).by(pipeline.profile().id());
        }
        return entry.result();
    }

    /** The one boundary where nimbus failures become deny reasons. Exception messages are never read. */
    static ValidationResult translate(Exception e, ValidationContext context) {
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
}

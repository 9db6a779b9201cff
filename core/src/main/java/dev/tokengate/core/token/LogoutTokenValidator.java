package dev.tokengate.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Validates OpenID Connect Back-Channel Logout 1.0 logout tokens (section 2.6) for the issuer profiles that enable the
 * receiver. A separate pipeline from the access tokens': the same structural checks ({@link JwsEnvelope}), the
 * profile's own algorithm allowlist and the very key selector its access tokens use (one key set, one cache, one
 * refresh limit per issuer), then the logout-token {@code typ} rule and, only after the signature verified, the
 * logout claim rules ({@link LogoutClaimRules}) instead of the access-token claim checks.
 *
 * <p>The profile comes from the request's path, never from the token: its {@code iss} must then be that profile's
 * exactly. {@link #validate} never throws for anything a caller sends. Replay ({@code jti} seen before) is the
 * caller's check: it needs the store.
 */
public final class LogoutTokenValidator {
    /** How old a logout token may be (its {@code iat}, plus the profile's clock skew) and still end sessions. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final Map<String, Pipeline> byProfileId;
    private final int maxTokenBytes;

    private record Pipeline(IssuerProfile profile, LogoutClaimRules rules,
                            DefaultJWTProcessor<ValidationContext> processor) {
    }

    private LogoutTokenValidator(Map<String, Pipeline> byProfileId, int maxTokenBytes) {
        this.byProfileId = Map.copyOf(byProfileId);
        this.maxTokenBytes = maxTokenBytes;
    }

    /** A validator for every profile with {@code backchannelLogout}, sharing {@code accessTokens}' key sources. */
    public static LogoutTokenValidator sharingKeysWith(JwtValidator accessTokens) {
        Objects.requireNonNull(accessTokens, "accessTokens");
        CachingVerifierFactory verifiers = new CachingVerifierFactory();
        Map<String, Pipeline> pipelines = new HashMap<>();
        for (IssuerProfile profile : accessTokens.config().profiles()) {
            if (profile.backchannelLogout().isEmpty()) {
                continue;
            }
            BackchannelLogout settings = profile.backchannelLogout().get();
            DefaultJWTProcessor<ValidationContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSTypeVerifier(new TypeAllowlist(settings.types(), settings.allowMissingType()));
            processor.setJWSKeySelector(accessTokens.keysOf(profile).orElseThrow());
            processor.setJWSVerifierFactory(verifiers);
            // The claims are checked after process() returns, by the logout rules: not nimbus's exp-and-nbf default.
            processor.setJWTClaimsSetVerifier(null);
            pipelines.put(profile.id(), new Pipeline(profile, new LogoutClaimRules(profile, settings, MAX_AGE),
                    processor));
        }
        return new LogoutTokenValidator(pipelines, accessTokens.config().maxTokenBytes());
    }

    /** Whether the profile with this id takes logout tokens (a profile without {@code backchannelLogout} does not). */
    public boolean isEnabledFor(String issuerId) {
        return byProfileId.containsKey(issuerId);
    }

    /**
     * @param issuerId the profile the request was addressed to ({@link #isEnabledFor} must hold)
     */
    public LogoutValidation validate(String issuerId, String token, Instant now) {
        Pipeline pipeline = byProfileId.get(issuerId);
        if (pipeline == null) {
            throw new IllegalArgumentException("back-channel logout is not enabled for this profile");
        }
        JwsEnvelope envelope = JwsEnvelope.open(token, maxTokenBytes, pipeline.profile().algorithms());
        if (envelope.isRefused()) {
            return refused(envelope.refusal());
        }
        try {
            envelope.jwt().parseClaims(envelope.payload()); // reused by the processor; nothing in it is trusted yet
        } catch (ParseException | RuntimeException e) {
            return new LogoutValidation.Rejected(LogoutRefusal.INVALID_CLAIM, "a registered claim has the wrong type");
        }
        ValidationContext context = new ValidationContext(now, true);
        JWTClaimsSet claims;
        try {
            claims = pipeline.processor().process(envelope.jwt(), context);
        } catch (BadJOSEException | JOSEException | RuntimeException e) {
            return refused((ValidationResult.Rejected) JwtValidator.translate(e, context));
        }
        return pipeline.rules().check(claims, now);
    }

    private static LogoutValidation refused(ValidationResult.Rejected rejected) {
        return new LogoutValidation.Rejected(LogoutRefusal.of(rejected.reason()), rejected.detail());
    }
}

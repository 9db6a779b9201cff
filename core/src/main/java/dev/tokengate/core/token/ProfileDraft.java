package dev.tokengate.core.token;

import com.nimbusds.jose.JWSAlgorithm;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A profile as read, before defaults: {@code null} means "not given". The readers ({@link TrustedIssuers} and the
 * single-issuer variables) fill it, a {@link Preset} may fill more, and {@link #build} applies the remaining defaults
 * and hands everything to {@link IssuerProfile}'s constructor, which holds every rule.
 */
final class ProfileDraft {
    String id;
    String issuer;
    KeySource keys;
    Set<String> audiences;
    Set<String> clientIds;
    String tokenUse;
    Set<String> types;
    boolean allowMissingType;
    Set<JWSAlgorithm> algorithms;
    String scopeClaim;
    Duration clockSkew;
    Duration maxTokenLifetime;
    Duration maxRefreshTokenLifetime;
    Set<String> requiredClaims;
    Preset preset;
    boolean crossIssuerAdmin;
    BackchannelLogout backchannelLogout;
    DpopSettings.Mode dpop;
    Duration dpopProofWindow;
    Duration dpopClockSkew;

    IssuerProfile build() {
        if (preset != null) {
            preset.apply(this);
        }
        if (keys == null) {
            throw new IssuerProfile.Invalid("jwksUrl", "set exactly one key source: jwksUrl, jwks or discovery");
        }
        return new IssuerProfile(id, issuer, keys,
                orEmpty(audiences), orEmpty(clientIds), Optional.ofNullable(tokenUse),
                types == null ? JwtConfig.DEFAULT_TYPES : types, allowMissingType,
                algorithms == null ? JwtConfig.DEFAULT_ALGORITHMS : algorithms,
                Optional.ofNullable(scopeClaim),
                clockSkew == null ? Duration.ZERO : clockSkew,
                maxTokenLifetime == null ? IssuerProfile.DEFAULT_MAX_TOKEN_LIFETIME : maxTokenLifetime,
                maxRefreshTokenLifetime == null ? IssuerProfile.DEFAULT_MAX_REFRESH_TOKEN_LIFETIME
                        : maxRefreshTokenLifetime,
                orEmpty(requiredClaims), crossIssuerAdmin, Optional.ofNullable(backchannelLogout),
                new DpopSettings(dpop == null ? DpopSettings.DEFAULTS.mode() : dpop,
                        dpopProofWindow == null ? DpopSettings.DEFAULT_PROOF_WINDOW : dpopProofWindow,
                        dpopClockSkew == null ? DpopSettings.DEFAULT_CLOCK_SKEW : dpopClockSkew));
    }

    private static Set<String> orEmpty(Set<String> values) {
        return values == null ? Set.of() : values;
    }
}

package dev.tokengate.core.token;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tokengate.core.table.Principal;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One trusted issuer: everything that differs between identity providers. A token's {@code iss} selects its
 * profile by exact match; the signature must then verify with this profile's keys and every claim rule comes from
 * here. Every rule is checked in this constructor, so a profile built in code (priming, tests) obeys the same rules
 * as one read from {@code TRUSTED_ISSUERS} or the single-issuer variables; a broken one is refused with
 * {@link Invalid}, which the readers turn into a message naming the variable, the profile and the field.
 *
 * @param id {@code [a-z0-9-]{1,32}}: part of every table key ({@code USER#<id>#<sub>}), logs and the authorizer
 *     context
 * @param issuer the exact {@code iss}
 * @param keys where the verification keys come from
 * @param audiences accepted audiences: when set, {@code aud} must name one of them; when empty, a token that carries
 *     {@code aud} is refused (it was minted for someone else)
 * @param clientIds accepted {@code client_id} values: when set, {@code client_id} must be one of them
 * @param tokenUse when set, the {@code token_use} claim must equal it (Amazon Cognito: {@code access} or {@code id})
 * @param types accepted {@code typ} values, normalised (lower case, without {@code application/})
 * @param allowMissingType whether a token without {@code typ} is accepted
 * @param algorithms the signature algorithm allowlist (asymmetric only)
 * @param scopeClaim the claim scopes are read from; empty reads both {@code scope} and {@code scp}
 * @param clockSkew tolerance for {@code exp}, {@code nbf} and {@code iat}
 * @param maxTokenLifetime the longest {@code exp - iat} accepted: revocation records are kept this long, so a token
 *     living longer could outlive its own revocation
 * @param maxRefreshTokenLifetime how long a refresh token of this issuer can keep minting tokens: a family
 *     revocation is kept that long (plus the longest access-token lifetime)
 * @param requiredClaims claims required on top of {@code sub}, {@code jti}, {@code exp}, {@code iat}, {@code iss}
 * @param crossIssuerAdmin whether this issuer's admins may act on other issuers' users (the request names the
 *     target issuer)
 * @param backchannelLogout when present, the issuer may end sessions through the OpenID Connect Back-Channel Logout
 *     receiver ({@code POST /backchannel-logout/<id>}); absent, that route answers 404 for this profile
 * @param dpop whether tokens must be DPoP-bound, and how long a DPoP proof is accepted
 */
public record IssuerProfile(
        String id,
        String issuer,
        KeySource keys,
        Set<String> audiences,
        Set<String> clientIds,
        Optional<String> tokenUse,
        Set<String> types,
        boolean allowMissingType,
        Set<JWSAlgorithm> algorithms,
        Optional<String> scopeClaim,
        Duration clockSkew,
        Duration maxTokenLifetime,
        Duration maxRefreshTokenLifetime,
        Set<String> requiredClaims,
        boolean crossIssuerAdmin,
        Optional<BackchannelLogout> backchannelLogout,
        DpopSettings dpop) {

    public static final String DEFAULT_ID = "default";
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MAX_TOKEN_LIFETIME = Duration.ofDays(1);
    public static final Duration MAX_MAX_TOKEN_LIFETIME = Duration.ofDays(3650);
    public static final Duration DEFAULT_MAX_REFRESH_TOKEN_LIFETIME = Duration.ofDays(30);
    public static final Duration MAX_MAX_REFRESH_TOKEN_LIFETIME = Duration.ofDays(3650);

    /** Asymmetric JWS algorithms nimbus verifies with the JDK alone. EdDSA would need Tink; HS* and none never. */
    public static final Set<JWSAlgorithm> SUPPORTED_ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private static final Pattern CLAIM_NAME = Pattern.compile("[A-Za-z0-9_:.\\-/]{1,64}");

    public IssuerProfile {
        if (!Principal.isIssuerId(id)) {
            throw new Invalid("id", "must match " + Principal.ISSUER_ID.pattern() + " (lower case letters, digits, -)");
        }
        if (issuer == null || issuer.isBlank() || issuer.length() > 512 || !issuer.equals(issuer.strip())) {
            throw new Invalid("issuer", "must be the exact iss, 1 to 512 characters without surrounding spaces");
        }
        requireFetchableIssuer(issuer);
        Objects.requireNonNull(keys, "keys");
        audiences = copy("audiences", audiences);
        clientIds = copy("clientIds", clientIds);
        if (audiences.isEmpty() && clientIds.isEmpty()) {
            throw new Invalid("audiences", "name at least one audience, or at least one client id (clientIds)");
        }
        Objects.requireNonNull(tokenUse, "tokenUse");
        tokenUse.ifPresent(use -> {
            if (use.isBlank()) {
                throw new Invalid("tokenUse", "must not be empty");
            }
        });
        types = copy("types", types);
        if (types.isEmpty() && !allowMissingType) {
            throw new Invalid("types", "must accept at least one typ value (or none, for tokens without typ)");
        }
        algorithms = Set.copyOf(Objects.requireNonNull(algorithms, "algorithms"));
        if (algorithms.isEmpty()) {
            throw new Invalid("algorithms", "must name at least one algorithm");
        }
        for (JWSAlgorithm algorithm : algorithms) {
            if (!SUPPORTED_ALGORITHMS.contains(algorithm)) {
                throw new Invalid("algorithms", algorithm + " is not an accepted algorithm; choose from "
                        + SUPPORTED_ALGORITHMS.stream().map(JWSAlgorithm::getName).sorted().toList());
            }
        }
        Objects.requireNonNull(scopeClaim, "scopeClaim");
        scopeClaim.ifPresent(claim -> requireClaimName("scopeClaim", claim));
        if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new Invalid("clockSkewSeconds", "must be between 0 and " + MAX_CLOCK_SKEW.toSeconds() + " seconds");
        }
        if (maxTokenLifetime == null || maxTokenLifetime.toSeconds() < 60
                || maxTokenLifetime.compareTo(MAX_MAX_TOKEN_LIFETIME) > 0) {
            throw new Invalid("maxTokenLifetimeSeconds", "must be between 60 and "
                    + MAX_MAX_TOKEN_LIFETIME.toSeconds() + " seconds");
        }
        if (maxRefreshTokenLifetime == null || maxRefreshTokenLifetime.toSeconds() < 60
                || maxRefreshTokenLifetime.compareTo(MAX_MAX_REFRESH_TOKEN_LIFETIME) > 0) {
            throw new Invalid("maxRefreshTokenLifetimeSeconds", "must be between 60 and "
                    + MAX_MAX_REFRESH_TOKEN_LIFETIME.toSeconds() + " seconds");
        }
        requiredClaims = copy("requiredClaims", requiredClaims);
        requiredClaims.forEach(claim -> requireClaimName("requiredClaims", claim));
        Objects.requireNonNull(backchannelLogout, BackchannelLogout.FIELD);
        Objects.requireNonNull(dpop, "dpop");
    }

    /** The same profile verified by other keys (SnapStart priming signs with throwaway keys). */
    public IssuerProfile withKeys(KeySource otherKeys) {
        return new IssuerProfile(id, issuer, otherKeys, audiences, clientIds, tokenUse, types, allowMissingType,
                algorithms, scopeClaim, clockSkew, maxTokenLifetime, maxRefreshTokenLifetime, requiredClaims,
                crossIssuerAdmin, backchannelLogout, dpop);
    }

    /**
     * How long a family revocation must be kept: until no token of the family can still be minted and accepted. The
     * last one is minted as the refresh token ends, may carry an iat a skew ahead, and is accepted a skew past its exp.
     */
    public Duration familyRetention() {
        return maxRefreshTokenLifetime.plus(maxTokenLifetime).plus(clockSkew.multipliedBy(2));
    }

    private static void requireFetchableIssuer(String issuer) {
        URI uri;
        try {
            uri = URI.create(issuer);
        } catch (IllegalArgumentException e) {
            throw new Invalid("issuer", "must be a URL");
        }
        if (!KeySource.SafeUrls.isHttpsOrLoopbackHttp(uri)) {
            throw new Invalid("issuer", "must be an https URL (plain http only for a loopback host)");
        }
    }

    private static void requireClaimName(String field, String claim) {
        if (claim == null || !CLAIM_NAME.matcher(claim).matches()) {
            throw new Invalid(field, "'" + claim + "' is not a claim name");
        }
    }

    private static Set<String> copy(String field, Set<String> values) {
        Objects.requireNonNull(values, field);
        for (String value : values) {
            if (value == null || value.isBlank()) {
                throw new Invalid(field, "must not contain empty values");
            }
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }

    /** A profile field that breaks a rule; the reader names the variable and the profile. */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String field;

        public Invalid(String field, String problem) {
            super(field + ": " + problem);
            this.field = field;
        }

        public String field() {
            return field;
        }

        public String problem() {
            return getMessage().substring(field.length() + 2);
        }
    }
}

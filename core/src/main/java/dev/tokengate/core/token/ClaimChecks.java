package dev.tokengate.core.token;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tokengate.core.table.TokenIds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The claim rules of one issuer profile, in order: presence, ids, types, issuer, audience, client, token use, time
 * window, lifetime. {@link #forProfile} asserts that the list covers every claim no token may go unchecked on
 * ({@code sub}, {@code jti}, {@code exp}, {@code iat}, {@code iss}, and {@code aud} or {@code client_id}), so a
 * profile can vary the checks but never drop a mandatory one.
 */
final class ClaimChecks {
    /** Covered by every profile's list; a missing one fails the profile at init. */
    static final Set<String> MANDATORY = Set.of(Claims.SUB, Claims.JTI, Claims.EXP, Claims.IAT, Claims.ISS);

    private ClaimChecks() {
    }

    static List<ClaimCheck> forProfile(IssuerProfile profile) {
        List<ClaimCheck> checks = new ArrayList<>();
        Set<String> required = new LinkedHashSet<>(JwtConfig.ALWAYS_REQUIRED_CLAIMS);
        required.addAll(profile.requiredClaims());
        checks.add(new Required(required));
        // sid too: a session id the back-channel logout (TokenIds) could never name would be a session no logout ends
        checks.add(new Ids(List.of(Claims.SUB, Claims.JTI, Claims.ORIGIN_JTI, Claims.SID)));
        checks.add(new Strings(List.of(Claims.CLIENT_ID, Claims.SID, Claims.SCOPE, Claims.TOKEN_USE)));
        checks.add(new ScopeTypes(profile.scopeClaim().orElse(Claims.SCP)));
        checks.add(new ConfirmationShape());
        checks.add(new Issuer(profile.issuer()));
        checks.add(new Audience(profile.audiences()));
        if (!profile.clientIds().isEmpty()) {
            checks.add(new ClientId(profile.clientIds()));
        }
        profile.tokenUse().ifPresent(use -> checks.add(new TokenUse(use)));
        checks.add(new TimeWindow(profile.clockSkew().toSeconds()));
        checks.add(new LifetimeBound(profile.maxTokenLifetime().toSeconds()));
        assertCovers(checks, profile);
        return List.copyOf(checks);
    }

    private static void assertCovers(List<ClaimCheck> checks, IssuerProfile profile) {
        Set<String> covered = new HashSet<>();
        checks.forEach(check -> covered.addAll(check.covers()));
        Set<String> missing = new LinkedHashSet<>(MANDATORY);
        missing.removeAll(covered);
        if (!missing.isEmpty() || !(covered.contains(Claims.AUD) || covered.contains(Claims.CLIENT_ID))) {
            throw new IllegalStateException("the claim checks of profile " + profile.id() + " leave " + missing
                    + " (or aud/client_id) unchecked");
        }
    }

    /** Claims that must be present and non-empty. */
    record Required(Set<String> names) implements ClaimCheck {
        @Override
        public Set<String> covers() {
            return names;
        }

        @Override
        public boolean refuses(JWTClaimsSet claims, ValidationContext context) {
            for (String name : names) {
                Object value = claims.getClaim(name);
                if (value == null || (value instanceof String s && s.isEmpty())) {
                    return context.refuseWith(DenyReason.MISSING_CLAIM, "required claim " + name + " is missing");
                }
            }
            return false;
        }
    }

    /** Claims that become part of a table key follow the revocation API's id rule ({@link TokenIds}). */
    record Ids(List<String> names) implements ClaimCheck {
        @Override
        public Set<String> covers() {
            return Set.copyOf(names);
        }

        @Override
        public boolean refuses(JWTClaimsSet claims, ValidationContext context) {
            for (String name : names) {
                Object value = claims.getClaim(name);
                if (value == null && !name.equals(Claims.SUB) && !name.equals(Claims.JTI)) {
                    continue;
                }
                String problem = value instanceof String s ? TokenIds.problem(s).orElse(null) : "must be a string";
                if (problem != null) {
                    return context.refuseWith(DenyReason.INVALID_CLAIM, name + " " + problem);
                }
            }
            return false;
        }
    }

    /** Optional claims that, when present, must be strings. */
    record Strings(List<String> names) implements ClaimCheck {
        @Override
        public Set<String> covers() {
            return Set.of();
        }

        @Override
        public boolean refuses(JWTClaimsSet claims, ValidationContext context) {
            for (String name : names) {
                Object value = claims.getClaim(name);
                if (value != null && !(value instanceof String)) {
                    return context.refuseWith(DenyReason.INVALID_CLAIM, name + " must be a string");
                }
            }
            return false;
        }
    }

    /** The scope claim that may be an array ({@code scp}, or the profile's own): a string or an array of strings. */
    record ScopeTypes(String claim) implements ClaimCheck {
        @Override
        public Set<String> covers() {
            return Set.of();
        }

        @Override
        public boolean refuses(JWTClaimsSet claims, ValidationContext context) {
            return !ScopeClaims.isWellTyped(claims.getClaim(claim))
                    && context.refuseWith(DenyReason.INVALID_CLAIM, claim + " must be a string or an array of strings");
        }
    }

    /**
     * {@code cnf}, when present, is an object whose thumbprints are SHA-256 thumbprints: a malformed binding is
     * refused here, a well-formed one is verified against the request by the authorizer.
     */
    record ConfirmationShape() implements ClaimCheck {
        @Override
        public Set<String> covers() {
            return Set.of();
        }

        @Override
        public boolean refuses(JWTClaimsSet claims, ValidationContext context) {
            return Confirmation.problem(claims.getClaim(Claims.CNF))
                    .map(problem -> context.refuseWith(DenyReason.INVALID_CLAIM, problem))
                    .orElse(false);
        }
    }

    /** The exact issuer. The profile was selected by it; checking again keeps acceptance off unverified data. */
    record Issuer(String issuer) implements ClaimCheck {
        @Override
        public Set<String> covers() {
            return Set.of(Claims.ISS);
        }

        @Override
        public boolean refuses(JWTClaimsSet claims, ValidationContext context) {
            return !issuer.equals(claims.getClaim(Claims.ISS))
                    && context.refuseWith(DenyReason.ISSUER_MISMATCH, "iss is not the profile's issuer " + issuer);
        }
    }

    /**
     * With audiences configured, {@code aud} must name one of them (a mistyped array is refused whole). Without,
     * a token that carries {@code aud} was minted for someone else and is refused.
     */
    record Audience(Set<String> audiences) implements ClaimCheck {
        @Override
        public Set<String> covers() {
            return audiences.isEmpty() ? Set.of() : Set.of(Claims.AUD);
        }

        @Override
        public boolean refuses(JWTClaimsSet claims, ValidationContext context) {
            Object aud = claims.getClaim(Claims.AUD);
            if (aud instanceof List<?> many && !many.stream().allMatch(String.class::isInstance)) {
                // a mistyped array is refused whole, never partly trusted; it is a type problem, not another audience
                return context.refuseWith(DenyReason.INVALID_CLAIM, "aud must be a string or an array of strings");
            }
            if (audiences.isEmpty()) {
                return aud != null && context.refuseWith(DenyReason.AUDIENCE_MISMATCH,
                        "aud is present but this issuer profile accepts no audience (client ids only)");
            }
            return !accepted(aud) && context.refuseWith(DenyReason.AUDIENCE_MISMATCH, "aud names none of "
                    + audiences);
        }

        private boolean accepted(Object aud) {
            if (aud instanceof String single) {
                return audiences.contains(single);
            }
            if (aud instanceof List<?> many) {
                for (Object entry : many) {
                    if (audiences.contains(entry)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** {@code client_id} must be one of the profile's app clients. */
    record ClientId(Set<String> clientIds) implements ClaimCheck {
        @Override
        public Set<String> covers() {
            return Set.of(Claims.CLIENT_ID);
        }

        @Override
        public boolean refuses(JWTClaimsSet claims, ValidationContext context) {
            Object clientId = claims.getClaim(Claims.CLIENT_ID);
            return !(clientId instanceof String id && clientIds.contains(id))
                    && context.refuseWith(DenyReason.CLIENT_MISMATCH, "client_id is not one of " + clientIds);
        }
    }

    /** Amazon Cognito's {@code token_use}: an ID token must never pass where an access token is required. */
    record TokenUse(String expected) implements ClaimCheck {
        @Override
        public Set<String> covers() {
            return Set.of(Claims.TOKEN_USE);
        }

        @Override
        public boolean refuses(JWTClaimsSet claims, ValidationContext context) {
            return !expected.equals(claims.getClaim(Claims.TOKEN_USE))
                    && context.refuseWith(DenyReason.TOKEN_USE_MISMATCH, "token_use is not " + expected);
        }
    }

    /** {@code exp} (unless the caller waives expiry), {@code nbf} and {@code iat}, each with the profile's skew. */
    record TimeWindow(long skewSeconds) implements ClockRule {
        @Override
        public Set<String> covers() {
            return Set.of(Claims.EXP, Claims.NBF, Claims.IAT);
        }

        @Override
        public boolean refuses(TokenTimes times, ValidationContext context) {
            long now = context.now().getEpochSecond();
            if (context.enforceExpiry() && now >= times.expiresAt() + skewSeconds) {
                return context.refuseWith(DenyReason.EXPIRED, "exp is in the past");
            }
            if (times.notBefore().isPresent() && now + skewSeconds < times.notBefore().getAsLong()) {
                return context.refuseWith(DenyReason.NOT_YET_VALID, "nbf is in the future");
            }
            if (times.issuedAt() > now + skewSeconds) {
                return context.refuseWith(DenyReason.ISSUED_IN_FUTURE, "iat is in the future");
            }
            return false;
        }
    }

    /** No token may outlive its revocation record: {@code exp - iat} is bounded by the profile. */
    record LifetimeBound(long maxLifetimeSeconds) implements ClockRule {
        @Override
        public Set<String> covers() {
            return Set.of(Claims.EXP, Claims.IAT);
        }

        @Override
        public boolean refuses(TokenTimes times, ValidationContext context) {
            long lifetime = times.expiresAt() - times.issuedAt();
            return lifetime > maxLifetimeSeconds && context.refuseWith(DenyReason.LIFETIME_TOO_LONG,
                    "exp - iat exceeds the issuer's maximum token lifetime (" + maxLifetimeSeconds + " s)");
        }
    }
}

package dev.tokengate.core.token;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import dev.tokengate.core.table.TokenIds;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Claim checks, run by nimbus only after the signature has verified: exact issuer, an accepted audience, required
 * claims of the right JSON type, and the time window with the configured skew. Unlike some libraries, a token
 * without {@code exp} never passes.
 */
final class StrictClaimsVerifier implements JWTClaimsSetVerifier<ValidationContext> {
    private final String issuer;
    private final Set<String> audiences;
    private final long skewSeconds;
    private final Set<String> extraRequired;
    private final long maxLifetimeSeconds;

    StrictClaimsVerifier(JwtConfig config) {
        this.issuer = config.issuer();
        this.audiences = config.audiences();
        this.skewSeconds = config.clockSkew().toSeconds();
        this.extraRequired = config.extraRequiredClaims();
        this.maxLifetimeSeconds = config.maxTokenLifetime().toSeconds();
    }

    @Override
    public void verify(JWTClaimsSet claims, ValidationContext context) throws BadJWTException {
        DenyReason reason = check(claims, context);
        if (reason != null) {
            throw Refusals.CLAIMS_REFUSED;
        }
    }

    private DenyReason check(JWTClaimsSet claims, ValidationContext context) {
        for (String name : JwtConfig.ALWAYS_REQUIRED_CLAIMS) {
            Object value = claims.getClaim(name);
            if (value == null || (value instanceof String s && s.isEmpty())) {
                return refuse(context, DenyReason.MISSING_CLAIM, "required claim " + name + " is missing");
            }
        }
        for (String name : List.of("sub", "jti")) {
            String problem = idProblem(claims.getClaim(name));
            if (problem != null) {
                return refuse(context, DenyReason.INVALID_CLAIM, name + " " + problem);
            }
        }
        for (String name : List.of("origin_jti", "client_id", "sid", "scope")) {
            Object value = claims.getClaim(name);
            if (value != null && !(value instanceof String)) {
                return refuse(context, DenyReason.INVALID_CLAIM, name + " must be a string");
            }
        }
        Object originJti = claims.getClaim("origin_jti");
        String originProblem = originJti == null ? null : idProblem(originJti);
        if (originProblem != null) {
            return refuse(context, DenyReason.INVALID_CLAIM, "origin_jti " + originProblem);
        }
        if (!ScopeClaims.isWellTyped(claims.getClaim("scp"))) {
            return refuse(context, DenyReason.INVALID_CLAIM, "scp must be a string or an array of strings");
        }
        for (String name : extraRequired) {
            if (claims.getClaim(name) == null) {
                return refuse(context, DenyReason.MISSING_CLAIM, "required claim " + name + " is missing");
            }
        }
        if (!issuer.equals(claims.getClaim("iss"))) {
            return refuse(context, DenyReason.ISSUER_MISMATCH, "iss is not the configured issuer " + issuer);
        }
        Object aud = claims.getClaim("aud");
        if (!audienceAccepted(aud)) {
            return refuse(context, DenyReason.AUDIENCE_MISMATCH, "aud names none of " + audiences);
        }
        long now = context.now().getEpochSecond();
        long exp = epochSeconds(claims.getExpirationTime());
        long iat = epochSeconds(claims.getIssueTime());
        if (context.enforceExpiry() && now >= exp + skewSeconds) {
            return refuse(context, DenyReason.EXPIRED, "exp is in the past");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now + skewSeconds < epochSeconds(nbf)) {
            return refuse(context, DenyReason.NOT_YET_VALID, "nbf is in the future");
        }
        if (iat > now + skewSeconds) {
            return refuse(context, DenyReason.ISSUED_IN_FUTURE, "iat is in the future");
        }
        if (exp - iat > maxLifetimeSeconds) {
            return refuse(context, DenyReason.LIFETIME_TOO_LONG,
                    "exp - iat exceeds MAX_TOKEN_LIFETIME_SECONDS (" + maxLifetimeSeconds + ")");
        }
        return null;
    }

    private boolean audienceAccepted(Object aud) {
        if (aud instanceof String single) {
            return audiences.contains(single);
        }
        if (aud instanceof List<?> many) {
            for (Object entry : many) {
                if (!(entry instanceof String)) {
                    return false; // a mistyped array is refused whole, never partly trusted
                }
            }
            for (Object entry : many) {
                if (audiences.contains(entry)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * What is wrong with a claim that becomes part of a token-table key, or null. The same rule the revocation API
     * applies, so every accepted token's ids can be revoked and looked up.
     */
    private static String idProblem(Object value) {
        if (!(value instanceof String s)) {
            return "must be a string";
        }
        return TokenIds.problem(s).orElse(null);
    }

    private static long epochSeconds(Date date) {
        return Math.floorDiv(date.getTime(), 1000L);
    }

    private static DenyReason refuse(ValidationContext context, DenyReason reason, String detail) {
        context.refuse(reason, detail);
        return reason;
    }
}

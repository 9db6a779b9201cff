package dev.tokengate.core.token;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tokengate.core.table.TokenIds;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claim rules of OpenID Connect Back-Channel Logout 1.0, section 2.6, for one issuer profile, run only after the
 * signature verified: {@code iss} exactly the profile's, {@code aud} naming a registered client, {@code iat} fresh,
 * {@code exp} (when present) not passed, a {@code sub} or a {@code sid}, the back-channel logout event, no
 * {@code nonce}, and a {@code jti} that can key its replay record. Not the access-token rules: a logout token has no
 * scopes, no {@code client_id} and need not carry {@code sub}.
 */
record LogoutClaimRules(IssuerProfile profile, BackchannelLogout settings, Duration maxAge) {
    /** Section 2.4: the member of {@code events} that makes a JWT a logout token. */
    static final String LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
    static final String EVENTS = "events";
    static final String NONCE = "nonce";

    /** The verified token, or the first rule it breaks. */
    LogoutValidation check(JWTClaimsSet claims, Instant now) {
        long skew = profile.clockSkew().toSeconds();
        long nowSeconds = now.getEpochSecond();
        if (!profile.issuer().equals(claims.getClaim(Claims.ISS))) {
            return refuse(LogoutRefusal.ISSUER_MISMATCH, "iss is not the profile's issuer " + profile.issuer());
        }
        if (!namesAnAudience(claims.getClaim(Claims.AUD))) {
            return refuse(LogoutRefusal.AUDIENCE_MISMATCH, "aud names none of " + settings.audiences());
        }
        // JWTClaimsSet.parse already refused a non-numeric iat, exp or nbf (INVALID_CLAIM)
        Optional<Long> iat = seconds(claims.getIssueTime());
        if (iat.isEmpty()) {
            return refuse(LogoutRefusal.MISSING_CLAIM, "required claim iat is missing");
        }
        if (iat.get() > nowSeconds + skew) {
            return refuse(LogoutRefusal.ISSUED_IN_FUTURE, "iat is in the future");
        }
        if (iat.get() < nowSeconds - maxAge.toSeconds() - skew) {
            return refuse(LogoutRefusal.STALE_TOKEN, "iat is more than " + maxAge.toSeconds() + " s old");
        }
        Optional<Long> exp = seconds(claims.getExpirationTime());
        if (exp.isPresent() && nowSeconds >= exp.get() + skew) {
            return refuse(LogoutRefusal.EXPIRED, "exp is in the past");
        }
        Optional<Long> nbf = seconds(claims.getNotBeforeTime());
        if (nbf.isPresent() && nowSeconds + skew < nbf.get()) {
            return refuse(LogoutRefusal.NOT_YET_VALID, "nbf is in the future");
        }
        Optional<String> sub = Optional.ofNullable((String) claims.getClaim(Claims.SUB)); // a string: JwsEnvelope
        Object sid = claims.getClaim(Claims.SID);
        if (sub.isEmpty() && sid == null) {
            return refuse(LogoutRefusal.NO_SUBJECT_OR_SESSION, "neither sub nor sid names whose session ended");
        }
        if (sid != null && !(sid instanceof String)) {
            return refuse(LogoutRefusal.INVALID_CLAIM, "sid must be a string");
        }
        for (String id : List.of(Claims.SUB, Claims.SID)) {
            String problem = claims.getClaim(id) instanceof String value ? TokenIds.problem(value).orElse(null)
                    : null;
            if (problem != null) {
                // both become table keys: the id rule every key obeys
                return refuse(LogoutRefusal.INVALID_CLAIM, id + " " + problem);
            }
        }
        if (!hasLogoutEvent(claims.getClaim(EVENTS))) {
            return refuse(LogoutRefusal.MISSING_LOGOUT_EVENT, "events has no " + LOGOUT_EVENT + " object");
        }
        if (claims.getClaims().containsKey(NONCE)) {
            return refuse(LogoutRefusal.NONCE_PRESENT, "a logout token must not carry nonce");
        }
        Object jti = claims.getClaim(Claims.JTI);
        if (jti == null) {
            return refuse(LogoutRefusal.MISSING_CLAIM, "required claim jti is missing");
        }
        String jtiProblem = TokenIds.problem((String) jti).orElse(null);
        if (jtiProblem != null) {
            return refuse(LogoutRefusal.INVALID_CLAIM, "jti " + jtiProblem);
        }
        // Accepted while iat is within the window and exp (if any) has not passed: the replay record lives that long.
        long until = iat.get() + maxAge.toSeconds() + skew;
        if (exp.isPresent()) {
            until = Math.min(until, exp.get() + skew);
        }
        return new LogoutValidation.Valid(new LogoutToken(profile.id(), (String) jti, sub,
                Optional.ofNullable((String) sid),
                Instant.ofEpochSecond(iat.get()), Instant.ofEpochSecond(until)));
    }

    private boolean namesAnAudience(Object aud) {
        if (aud instanceof String single) {
            return settings.audiences().contains(single);
        }
        if (aud instanceof List<?> many) {
            if (!many.stream().allMatch(String.class::isInstance)) {
                return false; // a mistyped array is refused whole, never partly trusted
            }
            return many.stream().anyMatch(settings.audiences()::contains);
        }
        return false;
    }

    /** Section 2.4: {@code events} is an object whose logout member's value is itself a JSON object. */
    private static boolean hasLogoutEvent(Object events) {
        return events instanceof Map<?, ?> map && map.get(LOGOUT_EVENT) instanceof Map<?, ?>;
    }

    private static Optional<Long> seconds(Date date) {
        return date == null ? Optional.empty() : Optional.of(Math.floorDiv(date.getTime(), 1000L));
    }

    private static LogoutValidation refuse(LogoutRefusal reason, String detail) {
        return new LogoutValidation.Rejected(reason, detail);
    }
}

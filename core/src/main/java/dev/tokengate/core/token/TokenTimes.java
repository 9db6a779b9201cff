package dev.tokengate.core.token;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Date;
import java.util.OptionalLong;

/**
 * The times a token carries, in epoch seconds: everything the clock rules ({@link ClockRule}) read. Small enough to
 * keep beside a cached verification, so every later use of the token re-runs those rules against its own clock.
 *
 * @param notBefore empty when the token has no {@code nbf}
 */
record TokenTimes(long expiresAt, OptionalLong notBefore, long issuedAt) {

    /** From claims that the presence check has passed ({@code exp} and {@code iat} are there). */
    static TokenTimes of(JWTClaimsSet claims) {
        Date nbf = claims.getNotBeforeTime();
        return new TokenTimes(epochSeconds(claims.getExpirationTime()),
                nbf == null ? OptionalLong.empty() : OptionalLong.of(epochSeconds(nbf)),
                epochSeconds(claims.getIssueTime()));
    }

    private static long epochSeconds(Date date) {
        return Math.floorDiv(date.getTime(), 1000L);
    }
}

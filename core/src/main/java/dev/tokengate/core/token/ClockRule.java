package dev.tokengate.core.token;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * A claim rule that reads only the token's times ({@link TokenTimes}) and the decision's clock. Every rule that
 * depends on the clock must be one of these: a cached verification skips the signature and every other check on a
 * later use of the same token, but re-runs each of these against that use's clock.
 */
interface ClockRule extends ClaimCheck {
    /** Records a refusal in the context and answers true, or answers false when the times pass. */
    boolean refuses(TokenTimes times, ValidationContext context);

    @Override
    default boolean refuses(JWTClaimsSet claims, ValidationContext context) {
        return refuses(TokenTimes.of(claims), context);
    }
}

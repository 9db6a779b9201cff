package dev.tokengate.core.token;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Set;

/**
 * One claim rule, run only after the signature has verified. The verifier walks an ordered list of these
 * ({@link ClaimChecks}); a profile varies the list, never the middle of a method. A check that reads the clock is a
 * {@link ClockRule}, so that a cached verification re-runs it on every use.
 */
interface ClaimCheck {
    /** The claims this check is the rule for: the list as a whole must cover every mandatory one. */
    Set<String> covers();

    /** Records a refusal in the context and answers true, or answers false when the claims pass. */
    boolean refuses(JWTClaimsSet claims, ValidationContext context);
}

package dev.tokengate.core.token;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.util.List;

/**
 * Runs one profile's claim checks ({@link ClaimChecks}), in order, after nimbus has verified the signature; the
 * first refusal stops it. Unlike some libraries, a token without {@code exp} never passes.
 */
final class StrictClaimsVerifier implements JWTClaimsSetVerifier<ValidationContext> {
    private final List<ClaimCheck> checks;
    private final List<ClockRule> clockRules;

    StrictClaimsVerifier(IssuerProfile profile) {
        this.checks = ClaimChecks.forProfile(profile);
        this.clockRules = checks.stream().filter(ClockRule.class::isInstance).map(ClockRule.class::cast).toList();
    }

    @Override
    public void verify(JWTClaimsSet claims, ValidationContext context) throws BadJWTException {
        for (ClaimCheck check : checks) {
            if (check.refuses(claims, context)) {
                throw Refusals.CLAIMS_REFUSED;
            }
        }
    }

    /**
     * Only the clock rules, in the same order, for a token whose claims already passed every check: a cached
     * verification re-runs these against each later use's clock (and gets the same reason the full run would).
     */
    boolean clockRulesRefuse(TokenTimes times, ValidationContext context) {
        for (ClockRule rule : clockRules) {
            if (rule.refuses(times, context)) {
                return true;
            }
        }
        return false;
    }
}

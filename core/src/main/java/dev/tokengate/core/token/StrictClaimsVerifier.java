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

    StrictClaimsVerifier(IssuerProfile profile) {
        this.checks = ClaimChecks.forProfile(profile);
    }

    @Override
    public void verify(JWTClaimsSet claims, ValidationContext context) throws BadJWTException {
        for (ClaimCheck check : checks) {
            if (check.refuses(claims, context)) {
                throw Refusals.CLAIMS_REFUSED;
            }
        }
    }
}

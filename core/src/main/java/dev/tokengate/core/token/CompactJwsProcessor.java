package dev.tokengate.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.security.Key;
import java.util.Iterator;
import java.util.List;

/**
 * The steps of nimbus's {@code DefaultJWTProcessor} for a signed JWT, in its order and with its exceptions, over a
 * {@link CompactJws} (which, unlike nimbus's {@code SignedJWT}, can reuse a parsed header): the {@code typ} verifier,
 * the key selector, then for each key a verifier from the factory and nimbus's own signature check
 * ({@link JWSVerifier#verify}), and only after a signature verifies, the claims verifier. Our plug points are the
 * same objects the processor was given; nothing about keys or signatures is done here.
 */
final class CompactJwsProcessor {
    private final JOSEObjectTypeVerifier<ValidationContext> types;
    private final JWSKeySelector<ValidationContext> keys;
    private final JWSVerifierFactory verifiers;
    private final JWTClaimsSetVerifier<ValidationContext> claims;

    CompactJwsProcessor(JOSEObjectTypeVerifier<ValidationContext> types, JWSKeySelector<ValidationContext> keys,
                        JWSVerifierFactory verifiers, JWTClaimsSetVerifier<ValidationContext> claims) {
        this.types = types;
        this.keys = keys;
        this.verifiers = verifiers;
        this.claims = claims;
    }

    /** The verified claims, or nimbus's exception for the first check that refuses. */
    JWTClaimsSet process(CompactJws jws, ValidationContext context) throws BadJOSEException, JOSEException {
        types.verify(jws.getHeader().getType(), context);
        List<? extends Key> candidates = keys.selectJWSKeys(jws.getHeader(), context);
        if (candidates == null || candidates.isEmpty()) {
            throw new BadJOSEException("Signed JWT rejected: Another algorithm expected, or no matching key(s) found");
        }
        for (Iterator<? extends Key> it = candidates.iterator(); it.hasNext(); ) {
            JWSVerifier verifier = verifiers.createJWSVerifier(jws.getHeader(), it.next());
            if (verifier == null) {
                continue;
            }
            if (verifies(verifier, jws)) {
                claims.verify(jws.claims(), context);
                return jws.claims();
            }
            if (!it.hasNext()) {
                throw new BadJWSException("Signed JWT rejected: Invalid signature");
            }
        }
        throw new BadJOSEException("JWS object rejected: No matching verifier(s) found");
    }

    /** As nimbus's {@code JWSObject.verify}: any failure of the verifier other than its own becomes one. */
    private static boolean verifies(JWSVerifier verifier, CompactJws jws) throws JOSEException {
        try {
            return verifier.verify(jws.getHeader(), jws.signingInput(), jws.signature());
        } catch (JOSEException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new JOSEException(e.getMessage(), e);
        }
    }
}

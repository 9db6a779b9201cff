package dev.tokengate.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.Arrays;
import java.util.List;

/** Signing keys made fresh by each test run. Nothing here is a fixed key from a file. */
public final class TestKeys {
    private TestKeys() {
    }

    public static RSAKey rsa(String kid) {
        return rsa(kid, 2048);
    }

    public static RSAKey rsa(String kid, int bits) {
        try {
            return new RSAKeyGenerator(bits, true).keyID(kid).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RSA key with no {@code alg} on the JWK, usable with RS* and PS*. */
    public static RSAKey rsaWithoutAlg(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ECKey ec(String kid) {
        return ec(kid, Curve.P_256, JWSAlgorithm.ES256);
    }

    public static ECKey ec(String kid, Curve curve, JWSAlgorithm alg) {
        try {
            return new ECKeyGenerator(curve).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(alg).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK set of the given keys, as a verifier would publish it. */
    public static JWKSet publicSet(JWK... keys) {
        return new JWKSet(Arrays.stream(keys).map(JWK::toPublicJWK).toList());
    }

    public static String publicJson(JWK... keys) {
        return publicSet(keys).toString(true);
    }

    public static List<JWK> list(JWK... keys) {
        return List.of(keys);
    }
}

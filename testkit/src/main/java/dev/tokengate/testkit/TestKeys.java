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
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;

/** Signing keys made fresh by each test run. Nothing here is a fixed key from a file. */
public final class TestKeys {
    private TestKeys() {
    }

    public static RSAKey rsa(String kid) {
        return rsa(kid, 2048);
    }

    /** An RSA key of any size, weak ones included (nimbus's generator refuses those, so use the JDK's). */
    public static RSAKey rsa(String kid, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            KeyPair pair = generator.generateKeyPair();
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
        } catch (NoSuchAlgorithmException e) {
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

package dev.tokengate.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds DPoP proofs (RFC 9449 section 4.2) as a client would, with full control over header and claims, the broken
 * and hostile ones included (alg none, HS256, a private {@code jwk}, a missing {@code ath}, ...). Starts from a proof
 * a strict verifier accepts: {@code typ dpop+jwt}, the key's natural algorithm, its public {@code jwk}, a fresh
 * {@code jti}, {@code htm}, {@code htu}, {@code iat} and the access token's {@code ath}.
 */
public final class DpopProofs {
    private final JWK key;
    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();

    private DpopProofs(JWK key) {
        this.key = key;
    }

    /** A proof by {@code key} (a private key) for {@code method url}, made at {@code now}, for {@code accessToken}. */
    public static DpopProofs of(JWK key, String method, String url, String accessToken, Instant now) {
        DpopProofs proof = new DpopProofs(key);
        proof.header.put("typ", "dpop+jwt");
        proof.header.put("jwk", key.toPublicJWK().toJSONObject());
        proof.claims.put("jti", UUID.randomUUID().toString());
        proof.claims.put("htm", method);
        proof.claims.put("htu", url);
        proof.claims.put("iat", now.getEpochSecond());
        proof.claims.put("ath", ath(accessToken));
        return proof;
    }

    /** Sets (or, with null, removes) a header parameter. */
    public DpopProofs header(String name, Object value) {
        if (value == null) {
            header.remove(name);
        } else {
            header.put(name, value);
        }
        return this;
    }

    /** Sets (or, with null, removes) a claim. */
    public DpopProofs claim(String name, Object value) {
        if (value == null) {
            claims.remove(name);
        } else {
            claims.put(name, value);
        }
        return this;
    }

    public String jti() {
        return (String) claims.get("jti");
    }

    /** Signed with the key's natural algorithm (RS256, or the curve's ES algorithm). */
    public String sign() {
        return sign(naturalAlgorithm(key));
    }

    public String sign(JWSAlgorithm alg) {
        try {
            JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa.toPrivateKey(), true)
                    : new ECDSASigner((ECKey) key);
            return signWith(signer, alg);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 keyed with the given secret: a symmetric proof RFC 9449 forbids. */
    public String signHmac(byte[] secret) {
        try {
            return signWith(new MACSigner(secret), JWSAlgorithm.HS256);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsecured JWT: {@code alg none} and an empty signature. */
    public String unsigned() {
        Map<String, Object> h = new LinkedHashMap<>(header);
        h.put("alg", "none");
        return TestTokens.encode(h) + "." + TestTokens.encode(claims) + ".";
    }

    private String signWith(JWSSigner signer, JWSAlgorithm alg) throws JOSEException {
        Map<String, Object> h = new LinkedHashMap<>(header);
        h.put("alg", alg.getName());
        String signingInput = TestTokens.encode(h) + "." + TestTokens.encode(claims);
        // The header is handed to the signer only for its alg: the raw one may hold what nimbus would refuse.
        Base64URL signature = signer.sign(new JWSHeader(alg), signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + signature;
    }

    /** {@code ath}: base64url of the SHA-256 of the token's ASCII bytes. */
    public static String ath(String accessToken) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256")
                    .digest(accessToken.getBytes(StandardCharsets.US_ASCII))).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key's RFC 7638 SHA-256 thumbprint: what a DPoP-bound token carries as {@code cnf.jkt}. */
    public static String thumbprint(JWK key) {
        try {
            return key.toPublicJWK().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code cnf} claim of a token bound to {@code key}. */
    public static Map<String, Object> confirmation(JWK key) {
        return Map.of("jkt", thumbprint(key));
    }

    static JWSAlgorithm naturalAlgorithm(JWK key) {
        if (key instanceof ECKey ec) {
            return JWSAlgorithm.parse("ES" + switch (ec.getCurve().getName()) {
                case "P-384" -> "384";
                case "P-521" -> "512";
                default -> "256";
            });
        }
        return JWSAlgorithm.RS256;
    }
}

package dev.tokengate.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
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
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds signed test tokens with full control over header and claims, including the malformed and hostile ones the
 * attack tests need (alg none, HS256 keyed with a public key, embedded jwk, jku, crit, ...).
 */
public final class TestTokens {
    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();

    private TestTokens() {
    }

    /** A token with every claim a strict validator requires, valid for one hour from {@code now}. */
    public static TestTokens valid(String issuer, String audience, Instant now) {
        TestTokens t = new TestTokens();
        t.header.put("typ", "JWT");
        t.claims.put("iss", issuer);
        t.claims.put("aud", audience);
        t.claims.put("sub", "user-" + UUID.randomUUID());
        t.claims.put("jti", UUID.randomUUID().toString());
        t.claims.put("iat", now.getEpochSecond());
        t.claims.put("exp", now.getEpochSecond() + 3600);
        return t;
    }

    /** The event member that makes a JWT an OpenID Connect Back-Channel Logout token. */
    public static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

    /**
     * A logout token (OpenID Connect Back-Channel Logout 1.0, section 2.4) for {@code sub}, explicitly typed
     * {@code logout+jwt}, issued at {@code now} and expiring two minutes later; add {@code sid} or drop {@code sub}
     * as a test needs.
     */
    public static TestTokens logout(String issuer, String audience, String sub, Instant now) {
        TestTokens t = new TestTokens();
        t.header.put("typ", "logout+jwt");
        t.claims.put("iss", issuer);
        t.claims.put("aud", audience);
        t.claims.put("iat", now.getEpochSecond());
        t.claims.put("exp", now.getEpochSecond() + 120);
        t.claims.put("jti", UUID.randomUUID().toString());
        t.claims.put("events", Map.of(BACKCHANNEL_LOGOUT_EVENT, Map.of()));
        if (sub != null) {
            t.claims.put("sub", sub);
        }
        return t;
    }

    public TestTokens header(String name, Object value) {
        if (value == null) {
            header.remove(name);
        } else {
            header.put(name, value);
        }
        return this;
    }

    public TestTokens claim(String name, Object value) {
        if (value == null) {
            claims.remove(name);
        } else {
            claims.put(name, value);
        }
        return this;
    }

    /** Sets a claim to JSON {@code null} ({@link #claim} with a null value removes it instead). */
    public TestTokens nullClaim(String name) {
        claims.put(name, null);
        return this;
    }

    /** Sets a header parameter to JSON {@code null} ({@link #header} with a null value removes it instead). */
    public TestTokens nullHeader(String name) {
        header.put(name, null);
        return this;
    }

    public TestTokens without(String claim) {
        claims.remove(claim);
        return this;
    }

    public TestTokens subject(String sub) {
        return claim("sub", sub);
    }

    public TestTokens tokenId(String jti) {
        return claim("jti", jti);
    }

    public TestTokens scope(String scope) {
        return claim("scope", scope);
    }

    public TestTokens issuedAt(Instant iat) {
        return claim("iat", iat.getEpochSecond());
    }

    public TestTokens expiresAt(Instant exp) {
        return claim("exp", exp.getEpochSecond());
    }

    public TestTokens audience(List<String> audiences) {
        return claim("aud", audiences);
    }

    public Map<String, Object> claims() {
        return new LinkedHashMap<>(claims);
    }

    /** Signs with the key's natural algorithm (RS256 for RSA, the curve's ES algorithm for EC) and its kid. */
    public String sign(JWK key) {
        JWSAlgorithm alg = key instanceof ECKey ec
                ? JWSAlgorithm.parse("ES" + switch (ec.getCurve().getName()) {
                    case "P-384" -> "384";
                    case "P-521" -> "512";
                    default -> "256";
                })
                : JWSAlgorithm.RS256;
        return sign(key, alg);
    }

    public String sign(JWK key, JWSAlgorithm alg) {
        Map<String, Object> h = new LinkedHashMap<>(header);
        h.put("alg", alg.getName());
        if (!h.containsKey("kid") && key.getKeyID() != null) {
            h.put("kid", key.getKeyID()); // a kid set to JSON null by nullHeader stays null
        }
        try {
            // allowWeakKey: the tests need to sign with short RSA keys to prove the validator refuses them.
            JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa.toPrivateKey(), true)
                    : new ECDSASigner((ECKey) key);
            return signRaw(h, signer, alg);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 with arbitrary secret bytes: the "public key as HMAC secret" confusion attack. */
    public String signHmac(byte[] secret, String kid) {
        Map<String, Object> h = new LinkedHashMap<>(header);
        h.put("alg", "HS256");
        if (kid != null) {
            h.put("kid", kid);
        }
        try {
            return signRaw(h, new MACSigner(pad(secret)), JWSAlgorithm.HS256);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsecured JWT with the given spelling of {@code none} and an empty signature. */
    public String unsigned(String noneSpelling) {
        Map<String, Object> h = new LinkedHashMap<>(header);
        h.put("alg", noneSpelling);
        return encode(h) + "." + encode(claims) + ".";
    }

    /**
     * Signs the header and claims exactly as given. The signer sees only the algorithm, so a header that no JOSE
     * library would parse (a numeric {@code typ}, a {@code null} {@code kid}) is still signed by the key.
     */
    private String signRaw(Map<String, Object> h, JWSSigner signer, JWSAlgorithm alg) throws JOSEException {
        String signingInput = encode(h) + "." + encode(claims);
        Base64URL signature = signer.sign(new JWSHeader(alg), signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + signature;
    }

    private static byte[] pad(byte[] secret) {
        if (secret.length >= 32) {
            return secret;
        }
        byte[] out = new byte[32];
        System.arraycopy(secret, 0, out, 0, secret.length);
        return out;
    }

    public static String encode(Map<String, Object> json) {
        return Base64URL.encode(JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Header-only helper for tests that craft segments by hand. */
    public static JOSEObjectType type(String value) {
        return new JOSEObjectType(value);
    }
}

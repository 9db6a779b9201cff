package dev.tokengate.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * LOCAL ONLY. A demo identity provider: a fresh RSA signing key per run (never written anywhere), its public JWKS,
 * and minting of access tokens for any {@code sub}. It exists so the local runner can show the real authorizer
 * validating real signatures; nothing like it is deployed.
 */
final class DemoIssuer {
    static final String ISSUER = "https://demo-issuer.tokengate.local/";
    static final String AUDIENCE = "tokengate-demo";
    static final long MAX_LIFETIME_SECONDS = 86_400;

    private final RSAKey key;
    private final Clock clock;

    DemoIssuer(Clock clock) {
        this.clock = clock;
        try {
            this.key = new RSAKeyGenerator(2048).keyID("demo-" + UUID.randomUUID().toString().substring(0, 8))
                    .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the demo signing key", e);
        }
    }

    String publicJwks() {
        return new JWKSet(key.toPublicJWK()).toString(true);
    }

    /** A token minted by this issuer. */
    record Minted(String token, String jti, String sub, long iat, long exp) {
    }

    /**
     * Mints an access token.
     *
     * @param backdateSeconds how far in the past {@code iat} lies (0..lifetime), to demonstrate revoke-all
     */
    Minted mint(String sub, String scope, long lifetimeSeconds, long backdateSeconds, String originJti) {
        Instant now = clock.instant();
        long iat = now.getEpochSecond() - backdateSeconds;
        long exp = iat + lifetimeSeconds;
        String jti = UUID.randomUUID().toString();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(sub)
                .jwtID(jti)
                .issueTime(new Date(iat * 1000))
                .expirationTime(new Date(exp * 1000))
                .claim("client_id", "demo-client");
        if (scope != null && !scope.isBlank()) {
            claims.claim("scope", scope);
        }
        if (originJti != null && !originJti.isBlank()) {
            claims.claim("origin_jti", originJti);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a demo token", e);
        }
        return new Minted(jwt.serialize(), jti, sub, iat, exp);
    }
}

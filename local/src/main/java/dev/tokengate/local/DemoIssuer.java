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
import java.util.Map;
import java.util.UUID;

/**
 * LOCAL ONLY. A demo identity provider: a fresh RSA signing key per run (never written anywhere), its public JWKS,
 * and minting of tokens for any {@code sub}, in one of two shapes: an RFC 9068 access token ({@code typ at+jwt},
 * {@code aud}), or what Amazon Cognito issues ({@code token_use}, {@code client_id}, no {@code typ}, no {@code aud}).
 * It exists so the local runner can show the real authorizer validating real signatures from two issuers; nothing
 * like it is deployed.
 */
final class DemoIssuer {
    static final long MAX_LIFETIME_SECONDS = 86_400;

    /** The two demo issuers the local runner trusts. */
    enum Shape {
        /** An RFC 9068 access token: {@code typ at+jwt}, an audience, a client id. */
        DEMO("demo", "https://demo-issuer.tokengate.local/"),
        /**
         * Cognito-shaped: what a user pool's access token looks like. The issuer string is a user pool's (the
         * {@code cognito-access} preset wants one); it is only compared, never fetched.
         */
        COGNITO("cognito", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TokengateDemo");

        final String id;
        final String issuer;

        Shape(String id, String issuer) {
            this.id = id;
            this.issuer = issuer;
        }
    }

    static final String AUDIENCE = "tokengate-demo";
    /** The client id this deployment is registered under at the demo issuer: the logout tokens' {@code aud}. */
    static final String LOGOUT_AUDIENCE = "tokengate-demo-rp";
    static final String LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
    static final String DEMO_CLIENT = "demo-client";
    static final String COGNITO_APP_CLIENT = "demo-app-client";

    private final Shape shape;
    private final RSAKey key;
    private final Clock clock;

    DemoIssuer(Shape shape, Clock clock) {
        this.shape = shape;
        this.clock = clock;
        try {
            this.key = new RSAKeyGenerator(2048).keyID(shape.id + "-" + UUID.randomUUID().toString().substring(0, 8))
                    .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the demo signing key", e);
        }
    }

    Shape shape() {
        return shape;
    }

    String publicJwks() {
        return new JWKSet(key.toPublicJWK()).toString(true);
    }

    /** The issuer profile the functions trust this issuer by (keys fetched from the local gateway). */
    String profileJson(String jwksUrl) {
        return switch (shape) {
            case DEMO -> "{\"id\":\"" + shape.id + "\",\"issuer\":\"" + shape.issuer + "\",\"jwksUrl\":\"" + jwksUrl
                    + "\",\"audiences\":[\"" + AUDIENCE + "\"],\"maxTokenLifetimeSeconds\":" + MAX_LIFETIME_SECONDS
                    + ",\"backchannelLogout\":{\"audiences\":[\"" + LOGOUT_AUDIENCE + "\"]}}";
            case COGNITO -> "{\"id\":\"" + shape.id + "\",\"issuer\":\"" + shape.issuer + "\","
                    + "\"preset\":\"cognito-access\",\"clientIds\":[\"" + COGNITO_APP_CLIENT + "\"],\"jwksUrl\":\""
                    + jwksUrl + "\",\"maxTokenLifetimeSeconds\":" + MAX_LIFETIME_SECONDS + "}";
        };
    }

    /** A token minted by this issuer. */
    record Minted(String token, String jti, String sub, long iat, long exp) {
    }

    /**
     * Mints an access token.
     *
     * @param backdateSeconds how far in the past {@code iat} lies (0..lifetime), to demonstrate revoke-all
     * @param jkt the RFC 7638 thumbprint of the client's DPoP key, to mint a DPoP-bound token ({@code cnf.jkt}), or
     *     null for a bearer token
     */
    Minted mint(String sub, String scope, long lifetimeSeconds, long backdateSeconds, String originJti) {
        return mint(sub, scope, lifetimeSeconds, backdateSeconds, originJti, null, null);
    }

    /**
     * The same, for a token of one session ({@code sid}), as an OpenID provider issues it after a login, and bound to
     * a client key ({@code cnf.jkt}, the key's RFC 7638 thumbprint) when {@code jkt} is given.
     */
    Minted mint(String sub, String scope, long lifetimeSeconds, long backdateSeconds, String originJti, String sid,
                String jkt) {
        Instant now = clock.instant();
        long iat = now.getEpochSecond() - backdateSeconds;
        long exp = iat + lifetimeSeconds;
        String jti = UUID.randomUUID().toString();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(shape.issuer)
                .subject(sub)
                .jwtID(jti)
                .issueTime(new Date(iat * 1000))
                .expirationTime(new Date(exp * 1000));
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID());
        switch (shape) {
            case DEMO -> {
                claims.audience(AUDIENCE).claim("client_id", DEMO_CLIENT);
                header.type(new JOSEObjectType("at+jwt"));
            }
            case COGNITO -> {
                // Cognito: no typ, no aud; the app client and the token kind in claims; a refresh-token family always
                claims.claim("client_id", COGNITO_APP_CLIENT).claim("token_use", "access");
                if (originJti == null || originJti.isBlank()) {
                    originJti = UUID.randomUUID().toString();
                }
            }
        }
        if (scope != null && !scope.isBlank()) {
            claims.claim("scope", scope);
        }
        if (originJti != null && !originJti.isBlank()) {
            claims.claim("origin_jti", originJti);
        }
        if (sid != null && !sid.isBlank()) {
            claims.claim("sid", sid);
        }
        if (jkt != null) {
            claims.claim("cnf", Map.of("jkt", jkt));
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a demo token", e);
        }
        return new Minted(jwt.serialize(), jti, sub, iat, exp);
    }

    /** Whether this issuer sends OpenID Connect back-channel logouts (Cognito does not: its sign-outs are events). */
    boolean sendsBackchannelLogouts() {
        return shape == Shape.DEMO;
    }

    /**
     * A logout token (OpenID Connect Back-Channel Logout 1.0, section 2.4) for a user, a session, or both, as the
     * demo issuer would post it when the user signs out: typed {@code logout+jwt}, two minutes to live.
     */
    String logoutToken(String sub, String sid) {
        long now = clock.instant().getEpochSecond();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(shape.issuer)
                .audience(LOGOUT_AUDIENCE)
                .issueTime(new Date(now * 1000))
                .expirationTime(new Date((now + 120) * 1000))
                .jwtID(UUID.randomUUID().toString())
                .claim("events", Map.of(LOGOUT_EVENT, Map.of()));
        if (sub != null) {
            claims.subject(sub);
        }
        if (sid != null) {
            claims.claim("sid", sid);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(new JOSEObjectType("logout+jwt")).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a demo logout token", e);
        }
        return jwt.serialize();
    }
}

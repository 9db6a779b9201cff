package dev.tokengate.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Our processor against nimbus's own: the same plug points behind nimbus's {@code DefaultJWTProcessor} over
 * {@code SignedJWT.parse}, and behind {@link CompactJwsProcessor} over {@link CompactJws} (with and without a header
 * reused from an earlier token), give the same outcome for every token of a corpus of valid, refused and mutated
 * tokens: the same claims, or the same exception class and the same recorded reason and detail.
 */
class CompactJwsProcessorTest {
    static final String ISSUER = "https://issuer.example.com/";
    static final String AUDIENCE = "orders-api";
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final RSAKey RSA = TestKeys.rsa("rsa-1");
    static final ECKey EC = TestKeys.ec("ec-1");

    final IssuerProfile profile = JwtConfig.fromEnvironment(Map.of("JWT_ISSUER", ISSUER, "JWT_AUDIENCE", AUDIENCE,
            "JWKS", TestKeys.publicJson(RSA, EC))).profiles().get(0);
    final JWKSet keys = new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK()));
    final CompactJws.Headers reused = new CompactJws.Headers();

    static TestTokens token() {
        return TestTokens.valid(ISSUER, AUDIENCE, NOW.minusSeconds(60));
    }

    @Test
    void givesNimbusOwnAnswerForEveryTokenOfTheCorpus() throws Exception {
        List<String> corpus = new ArrayList<>(List.of(
                token().sign(RSA), token().sign(EC), token().header("typ", null).sign(EC),
                token().header("typ", "at+jwt").sign(RSA), token().header("typ", "wrong").sign(EC),
                token().header("kid", null).sign(EC), token().sign(TestKeys.ec("unknown")),
                token().sign(TestKeys.rsa("rsa-1")), token().sign(RSA, JWSAlgorithm.RS384),
                token().expiresAt(NOW.minusSeconds(1)).sign(RSA), token().claim("aud", "other").sign(EC),
                token().header("crit", List.of("exp")).header("exp", 1).sign(EC),
                token().header("b64", false).sign(EC),
                unencodedPayload(false), unencodedPayload(true),
                swapSignature(token().sign(EC), token().sign(EC))));
        SplittableRandom random = new SplittableRandom(20261130);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (String valid : List.of(token().sign(RSA), token().sign(EC))) {
            for (int i = 0; i < 300; i++) {
                int at = random.nextInt(valid.length());
                if (valid.charAt(at) != '.') {
                    corpus.add(valid.substring(0, at) + alphabet.charAt(random.nextInt(64)) + valid.substring(at + 1));
                }
            }
        }

        int compared = 0;
        for (String jwt : corpus) {
            Object expected = nimbus(jwt);
            if (expected == null) {
                continue; // claims that do not parse: the validator refuses those before any processor
            }
            assertThat(ours(jwt)).as(jwt).isEqualTo(expected);
            assertThat(ours(jwt)).as("with the header of an earlier token: %s", jwt).isEqualTo(expected);
            compared++;
        }
        assertThat(compared).isGreaterThan(400);
    }

    private Object nimbus(String jwt) throws Exception {
        SignedJWT parsed;
        try {
            parsed = SignedJWT.parse(jwt);
            parsed.getJWTClaimsSet();
        } catch (ParseException e) {
            return isUnparsableHeaderOrSignature(jwt) ? "not a JWS" : null;
        }
        DefaultJWTProcessor<ValidationContext> reference = new DefaultJWTProcessor<>();
        reference.setJWSTypeVerifier(new TypeAllowlist(profile.types(), profile.allowMissingType()));
        reference.setJWSKeySelector(new TrustedKeySelector(new ImmutableJWKSet<>(keys), () -> false));
        reference.setJWSVerifierFactory(new CachingVerifierFactory());
        reference.setJWTClaimsSetVerifier(new StrictClaimsVerifier(profile));
        ValidationContext context = new ValidationContext(NOW, true);
        try {
            return outcome(reference.process(parsed, context), context);
        } catch (BadJOSEException | JOSEException | RuntimeException e) {
            return outcome(e, context);
        }
    }

    private Object ours(String jwt) throws Exception {
        CompactJws jws;
        try {
            jws = CompactJws.parse(jwt, jwt.getBytes(StandardCharsets.ISO_8859_1), reused);
        } catch (ParseException e) {
            return "not a JWS";
        }
        jws.parseClaims(jws.rawClaims());
        reused.remember(jws.getHeader());
        CompactJwsProcessor processor = new CompactJwsProcessor(new TypeAllowlist(profile.types(),
                profile.allowMissingType()), new TrustedKeySelector(new ImmutableJWKSet<>(keys), () -> false),
                new CachingVerifierFactory(), new StrictClaimsVerifier(profile));
        ValidationContext context = new ValidationContext(NOW, true);
        try {
            return outcome(processor.process(jws, context), context);
        } catch (BadJOSEException | JOSEException | RuntimeException e) {
            return outcome(e, context);
        }
    }

    private static Object outcome(JWTClaimsSet claims, ValidationContext context) {
        return List.of("verified", claims.toJSONObject(), String.valueOf(context.reason()));
    }

    private static Object outcome(Exception e, ValidationContext context) {
        return List.of(e.getClass().getName(), String.valueOf(e.getMessage()), String.valueOf(context.reason()),
                String.valueOf(context.detail()));
    }

    /** Whether nimbus refused the token's header or signature (not only its claims). */
    private static boolean isUnparsableHeaderOrSignature(String jwt) {
        try {
            new SignedJWT(SignedJWT.split(jwt)[0], SignedJWT.split(jwt)[1], SignedJWT.split(jwt)[2]);
            return false;
        } catch (ParseException e) {
            return true;
        }
    }

    /** RFC 7797: signed over the payload's JSON itself, not its base64url, with or without {@code crit}. */
    private static String unencodedPayload(boolean critical) throws JOSEException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "ES256");
        header.put("kid", "ec-1");
        header.put("typ", "JWT");
        header.put("b64", false);
        if (critical) {
            header.put("crit", List.of("b64"));
        }
        String json = JSONObjectUtils.toJSONString(token().claims());
        String encodedHeader = TestTokens.encode(header);
        JWSHeader parsed;
        try {
            parsed = JWSHeader.parse(header);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        Base64URL signature = new ECDSASigner(EC).sign(parsed,
                (encodedHeader + "." + json).getBytes(StandardCharsets.UTF_8));
        return encodedHeader + "." + Base64URL.encode(json) + "." + signature;
    }

    private static String swapSignature(String from, String to) {
        return to.substring(0, to.lastIndexOf('.')) + from.substring(from.lastIndexOf('.'));
    }
}

package dev.tokengate.authorizer.handler;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokengate.authorizer.binding.DpopProofVerifier;
import dev.tokengate.authorizer.config.AuthorizerConfig;
import dev.tokengate.authorizer.decision.Decision;
import dev.tokengate.authorizer.replay.ReplayGuard;
import dev.tokengate.authorizer.revocation.RevocationCheck;
import dev.tokengate.core.log.JsonLine;
import dev.tokengate.core.log.LogSink;
import dev.tokengate.core.token.Claims;
import dev.tokengate.core.token.Confirmation;
import dev.tokengate.core.token.IssuerProfile;
import dev.tokengate.core.token.JwtConfig;
import dev.tokengate.core.token.JwtValidator;
import dev.tokengate.core.token.KeySource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart priming: before the snapshot, run one whole decision through the same code (event reading, strict
 * validation with a real signature check, one DynamoDB {@code BatchGetItem}, policy, answer, log line), so the
 * restored sandbox does not load and link all of that on its first request; then validate one token per issuer
 * profile and allowed algorithm twice, the second time from a verified-token cache, so every profile's pipeline and
 * the cache's hit path are loaded too; then one DPoP decision (a REQUEST event with a proof, the proof checks, the
 * replay record's conditional {@code PutItem} beside the {@code BatchGetItem}), so the first DPoP request after a
 * restore does not load that path either. The tokens are signed by throwaway keys that only separate priming
 * profiles trust; their {@code sub} cannot exist in the table, and the priming proof's replay record names a
 * throwaway key and expires with the proof window.
 *
 * <p>Nothing request-specific survives: the priming handler, its validators (and their caches), keys and tokens are
 * dropped after the checkpoint, the production handler's own state (its revocation and verified-token caches
 * included) is never touched, and time is read per request.
 * So {@link #afterRestore} has nothing to reset; the SDK re-opens the DynamoDB connection the snapshot froze.
 */
final class SnapStartPriming implements Resource {
    static final String PRIMING_SUBJECT = "tokengate-snapstart-priming";
    private final AuthorizerConfig config;
    static final String PRIMING_HOST = "priming.execute-api.invalid";
    private final RevocationCheck revocation;
    private final ReplayGuard replay;
    private final LogSink log;
    private volatile String lastOutcome = "NOT_RUN";
    private volatile String lastDpopOutcome = "NOT_RUN";

    SnapStartPriming(AuthorizerConfig config, RevocationCheck revocation, ReplayGuard replay, LogSink log) {
        this.config = config;
        this.revocation = revocation;
        this.replay = replay;
        this.log = log;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        log.write(JsonLine.info("authorizer.snapstart").with("phase", "afterRestore"));
    }

    /** Never throws: a failed priming only means a slower first request, not a broken snapshot. */
    void prime() {
        long started = System.nanoTime();
        int tokensValidated = 0;
        try {
            Instant now = Instant.now();
            List<IssuerProfile> primingProfiles = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            Signer first = null;
            for (IssuerProfile profile : config.jwt().profiles()) {
                List<JWK> keys = new ArrayList<>();
                List<JWSAlgorithm> algorithms = new ArrayList<>(profile.algorithms());
                algorithms.sort(Comparator.comparing(JWSAlgorithm::getName));
                for (JWSAlgorithm alg : algorithms) {
                    Optional<JWK> key = throwawayKey(alg);
                    if (key.isPresent()) {
                        keys.add(key.get());
                        tokens.add(sign(profile, key.get(), alg, now, null));
                        if (first == null) {
                            first = new Signer(profile, key.get(), alg);
                        }
                    }
                }
                if (!keys.isEmpty()) {
                    primingProfiles.add(profile.withKeys(new KeySource.Inline(new JWKSet(keys).toPublicJWKSet())));
                }
            }
            if (tokens.isEmpty()) {
                lastOutcome = "NO_PRIMABLE_ALGORITHM";
                return;
            }
            JwtConfig primingJwt = config.jwt().withProfiles(primingProfiles);
            // The whole handler once (one DynamoDB call), then the validator alone for the other tokens.
            AuthorizerHandler handler = new AuthorizerHandler(config.withJwt(primingJwt), revocation, replay,
                    Clock.systemUTC(), line -> { });
            Map<String, Object> event = Map.of("type", "TOKEN", "authorizationToken", "Bearer " + tokens.get(0),
                    "methodArn", methodArn());
            lastOutcome = handler.invoke(event, null).decision().map(Decision::outcomeName).orElse("ERROR");
            lastDpopOutcome = handler.invoke(dpopEvent(first, now), null).decision().map(Decision::outcomeName)
                    .orElse("ERROR");
            JwtValidator validator = JwtValidator.create(primingJwt, tokens.size());
            for (String token : tokens) {
                validator.validate(token, now);
                validator.validate(token, now); // the cached verification's path
            }
            tokensValidated = tokens.size();
        } catch (JOSEException | RuntimeException e) {
            lastOutcome = "FAILED " + e.getClass().getSimpleName();
        }
        log.write(JsonLine.info("authorizer.snapstart").with("phase", "beforeCheckpoint")
                .with("priming", lastOutcome)
                .with("dpopPriming", lastDpopOutcome)
                .with("profiles", config.jwt().profiles().size())
                .with("tokens", tokensValidated)
                .with("latencyMs", Math.round((System.nanoTime() - started) / 10_000.0) / 100.0));
    }

    String lastOutcome() {
        return lastOutcome;
    }

    String lastDpopOutcome() {
        return lastDpopOutcome;
    }

    private String methodArn() {
        return "arn:aws:execute-api:" + config.region().id() + ":000000000000:priming/prime/GET/prime";
    }

    /** A profile's throwaway key and one algorithm it signs with. */
    private record Signer(IssuerProfile profile, JWK key, JWSAlgorithm alg) {
    }

    /**
     * A REST REQUEST event for a token bound to the signer's key ({@code cnf.jkt}) with a fresh proof by that key,
     * as a DPoP client sends it to {@code GET https://priming.execute-api.invalid/prime/prime}.
     */
    private Map<String, Object> dpopEvent(Signer signer, Instant now) throws JOSEException {
        String token = sign(signer.profile(), signer.key(), signer.alg(), now,
                Map.of(Confirmation.JKT, signer.key().computeThumbprint().toString()));
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .jwtID("priming-" + UUID.randomUUID())
                .claim("htm", "GET")
                .claim("htu", "https://" + PRIMING_HOST + "/prime/prime")
                .issueTime(Date.from(now))
                .claim("ath", DpopProofVerifier.accessTokenHash(token))
                .build();
        SignedJWT proof = new SignedJWT(new JWSHeader.Builder(signer.alg()).type(new JOSEObjectType("dpop+jwt"))
                .jwk(signer.key().toPublicJWK()).build(), claims);
        proof.sign(signerFor(signer.key()));
        return Map.of("type", "REQUEST", "methodArn", methodArn(), "httpMethod", "GET",
                "headers", Map.of("Authorization", "DPoP " + token, "DPoP", proof.serialize()),
                "requestContext", Map.of("httpMethod", "GET", "domainName", PRIMING_HOST, "path", "/prime/prime"));
    }

    private static JWSSigner signerFor(JWK key) throws JOSEException {
        return key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
    }

    private static Optional<JWK> throwawayKey(JWSAlgorithm alg) throws JOSEException {
        String kid = "priming-" + alg.getName();
        if (JWSAlgorithm.Family.RSA.contains(alg)) {
            return Optional.of(new RSAKeyGenerator(2048).keyID(kid).algorithm(alg).generate());
        }
        if (JWSAlgorithm.Family.EC.contains(alg)) {
            List<Curve> curves = new ArrayList<>(Curve.forJWSAlgorithm(alg));
            if (curves.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ECKeyGenerator(curves.get(0)).keyID(kid).algorithm(alg).generate());
        }
        return Optional.empty();
    }

    /**
     * A token the profile accepts: its issuer, an audience or client id, its token use, typ and required claims;
     * bound to a key when {@code cnf} is given.
     */
    private static String sign(IssuerProfile profile, JWK key, JWSAlgorithm alg, Instant now, Map<String, Object> cnf)
            throws JOSEException {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(profile.issuer())
                .subject(PRIMING_SUBJECT)
                .jwtID("priming-" + UUID.randomUUID())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(60)));
        profile.audiences().stream().findFirst().ifPresent(claims::audience);
        profile.clientIds().stream().findFirst().ifPresent(id -> claims.claim(Claims.CLIENT_ID, id));
        profile.tokenUse().ifPresent(use -> claims.claim(Claims.TOKEN_USE, use));
        for (String claim : profile.requiredClaims()) {
            claims.claim(claim, "priming");
        }
        if (cnf != null) {
            claims.claim(Claims.CNF, cnf);
        }
        JWSHeader.Builder header = new JWSHeader.Builder(alg).keyID(key.getKeyID());
        if (!profile.types().isEmpty()) {
            header.type(new JOSEObjectType(profile.types().iterator().next()));
        }
        SignedJWT signed = new SignedJWT(header.build(), claims.build());
        signed.sign(signerFor(key));
        return signed.serialize();
    }
}

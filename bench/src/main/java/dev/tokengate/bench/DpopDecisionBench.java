package dev.tokengate.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.tokengate.authorizer.handler.AuthorizerHandler;
import dev.tokengate.authorizer.handler.BenchHandlers;
import dev.tokengate.authorizer.replay.ReplayStatus;
import dev.tokengate.authorizer.revocation.RevocationStatus;
import dev.tokengate.core.token.IssuerProfile;
import dev.tokengate.testkit.DpopProofs;
import dev.tokengate.testkit.TestTokens;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * (e) What sender-constraining costs per decision: the whole decision (as (c): in-memory revocation answer, policy,
 * answer, log line) on a REST REQUEST event, once for a bearer token and once for a DPoP-bound token with its proof
 * (an ES256 client key, as browsers' WebCrypto and most DPoP clients use): the proof's parse, header and claim checks,
 * its signature, the key's RFC 7638 thumbprint, htu normalization and the token hash. The replay store answers from
 * memory here; its write runs beside the revocation read, so on the network it adds a concurrent round trip, not a
 * sequential one ({@code DpopReplayIT}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DpopDecisionBench {
    static final String METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/orders/42";
    static final String DOMAIN = "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com";
    static final String URL = "https://" + DOMAIN + "/prod/orders/42";

    /** The access token's algorithm; the proof is ES256 either way. */
    @Param({"RS256", "ES256"})
    public String alg;

    @Param({"JDK", "ACCP"})
    public CryptoProvider provider;

    private AuthorizerHandler handler;
    private Map<String, Object> bearerEvent;
    private Map<String, Object> dpopEvent;
    String lastLine;

    @Setup
    public void setUp() throws JOSEException, ParseException {
        provider.installAsDefault();
        Fixtures fixtures = Fixtures.load();
        Instant now = Instant.now();
        JWK issuerKey = JWK.parse("RS256".equals(alg) ? fixtures.rs256Jwk() : fixtures.es256Jwk());
        ECKey client = new ECKeyGenerator(Curve.P_256).generate();
        String bound = TestTokens.valid(fixtures.issuer(), fixtures.audience(), now)
                .expiresAt(now.plus(IssuerProfile.DEFAULT_MAX_TOKEN_LIFETIME)).subject("user-bench")
                .scope("orders:read orders:write").claim("client_id", "bench-client")
                .claim("cnf", DpopProofs.confirmation(client)).sign(issuerKey);
        String proof = DpopProofs.of(client, "GET", URL, bound, now).sign();
        RevocationStatus notRevoked = RevocationStatus.notRevoked("in memory");
        handler = BenchHandlers.withRevocationAndReplay(fixtures.environment("bench-table"),
                (token, at) -> notRevoked, (use, at) -> ReplayStatus::firstUse, Clock.fixed(now, ZoneOffset.UTC),
                line -> lastLine = line);
        bearerEvent = requestEvent("Bearer " + fixtures.token(alg), null);
        dpopEvent = requestEvent("DPoP " + bound, proof);
        DecisionBench.requireAllow(handler.handleRequest(bearerEvent, null));
        DecisionBench.requireAllow(handler.handleRequest(dpopEvent, null));
    }

    /** A REST REQUEST event as API Gateway sends it, with the fields the DPoP checks read. */
    static Map<String, Object> requestEvent(String authorization, String proof) {
        Map<String, Object> headers = proof == null ? Map.of("Authorization", authorization)
                : Map.of("Authorization", authorization, "DPoP", proof);
        Map<String, Object> multi = proof == null ? Map.of("Authorization", List.of(authorization))
                : Map.of("Authorization", List.of(authorization), "DPoP", List.of(proof));
        return Map.of("type", "REQUEST", "methodArn", METHOD_ARN, "httpMethod", "GET", "headers", headers,
                "multiValueHeaders", multi, "requestContext", Map.of("httpMethod", "GET", "domainName", DOMAIN,
                        "path", "/prod/orders/42"));
    }

    @Benchmark
    @Fork(value = 1)
    public Map<String, Object> bearerC2() {
        return handler.handleRequest(bearerEvent, null);
    }

    @Benchmark
    @Fork(value = 1)
    public Map<String, Object> dpopC2() {
        return handler.handleRequest(dpopEvent, null);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"})
    public Map<String, Object> bearerC1() {
        return handler.handleRequest(bearerEvent, null);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"})
    public Map<String, Object> dpopC1() {
        return handler.handleRequest(dpopEvent, null);
    }
}

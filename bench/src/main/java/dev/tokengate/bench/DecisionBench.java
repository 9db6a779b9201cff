package dev.tokengate.bench;

import dev.tokengate.authorizer.handler.AuthorizerHandler;
import dev.tokengate.authorizer.handler.BenchHandlers;
import dev.tokengate.authorizer.revocation.RevocationStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * (c) The whole authorizer decision except the network: the handler reads a REST TOKEN event, validates, asks an
 * in-memory revocation check, builds the policy and the response map, and renders its JSON log line (to a field,
 * not stdout).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionBench {
    static final String METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/orders/42";

    @Param({"RS256", "ES256"})
    public String alg;

    @Param({"JDK", "ACCP"})
    public CryptoProvider provider;

    /** Trusted issuer profiles: 1 is the single-issuer configuration, 3 selects among three by exact iss. */
    @Param({"1", "3"})
    public int profiles;

    private AuthorizerHandler handler;
    private Map<String, Object> event;
    String lastLine;

    @Setup
    public void setUp() {
        provider.installAsDefault();
        Fixtures fixtures = Fixtures.load();
        RevocationStatus notRevoked = RevocationStatus.notRevoked("in memory");
        handler = BenchHandlers.withRevocation(fixtures.environment("bench-table", profiles), (token, now) -> notRevoked,
                Clock.fixed(Instant.now(), ZoneOffset.UTC), line -> lastLine = line);
        event = tokenEvent(fixtures.token(alg));
        requireAllow(handler.handleRequest(event, null));
    }

    static Map<String, Object> tokenEvent(String token) {
        return Map.of("type", "TOKEN", "authorizationToken", "Bearer " + token, "methodArn", METHOD_ARN);
    }

    static void requireAllow(Map<String, Object> answer) {
        if (!answer.toString().contains("Allow")) {
            throw new IllegalStateException("the fixture decision is not an Allow: " + answer);
        }
    }

    @Benchmark
    @Fork(value = 1)
    public Map<String, Object> c2() {
        return handler.handleRequest(event, null);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"})
    public Map<String, Object> c1() {
        return handler.handleRequest(event, null);
    }
}

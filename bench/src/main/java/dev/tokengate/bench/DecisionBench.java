package dev.tokengate.bench;

import dev.tokengate.authorizer.config.AuthorizerConfig;
import dev.tokengate.authorizer.handler.AuthorizerHandler;
import dev.tokengate.authorizer.handler.BenchHandlers;
import dev.tokengate.authorizer.revocation.RevocationStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
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
 * (c) The whole authorizer decision except the network: the handler reads a REST TOKEN event, validates, asks an
 * in-memory revocation check, builds the policy and the response map, and renders its JSON log line (to a field,
 * not stdout). {@code tokens=cached}: the same token every decision, answered from the verified-token cache after
 * the first; {@code tokens=new}: a token the handler has never seen, every decision (a ring of {@link #RING} tokens
 * that differ in their {@code jti}, with a cache smaller than the ring, so each decision misses, stores and evicts).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionBench {
    static final String METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/orders/42";
    static final int RING = 2048;

    @Param({"RS256", "ES256"})
    public String alg;

    @Param({"JDK", "ACCP"})
    public CryptoProvider provider;

    /** Trusted issuer profiles: 1 is the single-issuer configuration, 3 selects among three by exact iss. */
    @Param({"1", "3"})
    public int profiles;

    @Param({"cached", "new"})
    public String tokens;

    private AuthorizerHandler handler;
    private Ring events;
    String lastLine;

    @Setup
    public void setUp() {
        provider.installAsDefault();
        Fixtures fixtures = Fixtures.load();
        RevocationStatus notRevoked = RevocationStatus.notRevoked("in memory");
        Map<String, String> env = new LinkedHashMap<>(fixtures.environment("bench-table", profiles));
        events = Ring.of(fixtures, alg, tokens, env);
        handler = BenchHandlers.withRevocation(env, (token, now) -> notRevoked,
                Clock.fixed(Instant.now(), ZoneOffset.UTC), line -> lastLine = line);
        for (int i = 0; i < events.size(); i++) {
            requireAllow(handler.handleRequest(events.next(), null));
        }
    }

    /** The events the decisions see, in turn: one (cached) or a ring of never-seen tokens larger than the cache. */
    static final class Ring {
        private final List<Map<String, Object>> events;
        private int next;

        private Ring(List<Map<String, Object>> events) {
            this.events = events;
        }

        static Ring of(Fixtures fixtures, String alg, String tokens, Map<String, String> env) {
            if ("cached".equals(tokens)) {
                return new Ring(List.of(tokenEvent(fixtures.token(alg))));
            }
            env.put(AuthorizerConfig.VERIFIED_TOKEN_CACHE_ENTRIES, Integer.toString(RING / 4));
            return new Ring(fixtures.freshTokens(alg, RING).stream().map(DecisionBench::tokenEvent).toList());
        }

        Map<String, Object> next() {
            Map<String, Object> event = events.get(next);
            next = next + 1 == events.size() ? 0 : next + 1;
            return event;
        }

        int size() {
            return events.size();
        }
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
        return handler.handleRequest(events.next(), null);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"})
    public Map<String, Object> c1() {
        return handler.handleRequest(events.next(), null);
    }
}

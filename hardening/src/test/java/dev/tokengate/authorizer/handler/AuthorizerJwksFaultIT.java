package dev.tokengate.authorizer.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import dev.tokengate.authorizer.handler.AuthorizerRig.Handlers;
import dev.tokengate.authorizer.handler.AuthorizerRig.Outcome;
import dev.tokengate.authorizer.handler.AuthorizerRig.Shape;
import dev.tokengate.authorizer.revocation.RevocationCheck;
import dev.tokengate.authorizer.revocation.RevocationStatus;
import dev.tokengate.hardening.Fuzz;
import dev.tokengate.hardening.Measurements;
import dev.tokengate.testkit.JwksServer;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.emf.EmfDatapoints;
import dev.tokengate.testkit.emf.EmfValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The authorizer with a remote {@code JWKS_URL} served by testkit's loopback {@link JwksServer}: down, slow,
 * serving garbage, and rotating keys. The revocation store is an always-"not revoked" check, so every refusal here
 * is the key source's doing. Each test builds its own handler, so nimbus's cache and rate limiter start empty.
 */
class AuthorizerJwksFaultIT {
    private static final RevocationCheck NOTHING_REVOKED = (token, now) -> RevocationStatus.notRevoked("hardening");
    private static final ECKey ATTACKER = TestKeys.ec("attacker");

    private final AuthorizerRig.Log log = new AuthorizerRig.Log();
    private final ECKey first = TestKeys.ec("rotation-1");
    private final ECKey second = TestKeys.ec("rotation-2");
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> presented = new ArrayList<>();
    private JwksServer jwks;

    @BeforeEach
    void start() {
        jwks = JwksServer.start(TestKeys.publicSet(first));
    }

    @AfterEach
    void stop() {
        Fuzz.assertNoTokenMaterial(log.lines, presented);
        jwks.close();
    }

    private Handlers handlers() {
        return handlers(Map.of());
    }

    private Handlers handlers(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("JWKS", null);
        env.put("JWKS_URL", jwks.url().toString());
        env.put("JWKS_CONNECT_TIMEOUT_SECONDS", "1");
        env.put("JWKS_READ_TIMEOUT_SECONDS", "1");
        Map<String, String> iam = new HashMap<>(env);
        iam.put("HTTP_API_RESPONSE", "iam");
        return new Handlers(
                AuthorizerRig.handler(AuthorizerRig.environment("tokens", env), NOTHING_REVOKED, AuthorizerRig.CLOCK, log),
                AuthorizerRig.handler(AuthorizerRig.environment("tokens", iam), NOTHING_REVOKED, AuthorizerRig.CLOCK, log));
    }

    private String token(ECKey key) {
        String token = AuthorizerRig.token("user-jwks", "jti-" + ids.incrementAndGet()).sign(key);
        presented.add(token);
        return token;
    }

    private static Outcome decide(Handlers handlers, Shape shape, String token) {
        return AuthorizerRig.outcome(shape.pick(handlers), shape.event("Bearer " + token));
    }

    /**
     * The endpoint misbehaves from the first request: the answer is the uncacheable error, on every protocol (a
     * fresh function per protocol, so each meets the fault on its first fetch). Then the endpoint serves keys again
     * and the next request is allowed (nimbus allows two fetches per rate-limit interval: the failed one and this).
     */
    private void failsClosedThenRecovers(String name, Consumer<JwksServer> fault) {
        long slowest = 0;
        for (Shape shape : Shape.values()) {
            Handlers handlers = handlers();
            fault.accept(jwks);
            log.clear();
            long started = System.nanoTime();
            assertThat(decide(handlers, shape, token(first))).as("%s, %s", name, shape).isEqualTo(Outcome.UNAVAILABLE);
            slowest = Math.max(slowest, (System.nanoTime() - started) / 1_000_000);
            assertThat(log.last()).contains("\"outcome\":\"UNAVAILABLE\"", "\"reason\":\"KEYS_UNAVAILABLE\"");
            EmfValidator.assertValid(log.last());
            assertThat(EmfDatapoints.read(log.last())).as("the failed fetch is in the metrics of its decision line")
                    .filteredOn(p -> p.metric().equals("JwksFetchFailures")).singleElement()
                    .satisfies(p -> assertThat(p.sum()).isPositive());
            jwks.serve(TestKeys.publicSet(first));
            assertThat(decide(handlers, shape, token(first))).as("%s cleared, %s", name, shape)
                    .isEqualTo(Outcome.ALLOW);
        }
        Measurements.record("authorizer, JWKS %s: UNAVAILABLE on every protocol, slowest %d ms (read timeout 1 s); "
                + "the next request after the endpoint recovered: ALLOW", name, slowest);
    }

    /**
     * Found by this suite, fixed in core (c08df71): during a JWKS outage with no key set cached, once nimbus's rate
     * limiter refused the refresh the selector answered UNKNOWN_KEY, a 401 that REST API Gateway caches for the
     * authorizer TTL, so valid tokens kept failing after the endpoint recovered. It must stay KEYS_UNAVAILABLE.
     */
    @Test
    void aJwksOutageIsNeverAnsweredWithACacheableRefusal() {
        Handlers handlers = handlers();
        jwks.fail();
        String valid = token(first);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            outcomes.add(decide(handlers, Shape.REST_TOKEN, valid));
        }
        assertThat(outcomes).as("a valid token during a JWKS outage").containsOnly(Outcome.UNAVAILABLE);
    }

    @Test
    void aJwksEndpointThatIsDownFailsClosed() {
        failsClosedThenRecovers("down (HTTP 500)", JwksServer::fail);
    }

    @Test
    void aSlowJwksEndpointFailsClosedWithinTheReadTimeout() {
        failsClosedThenRecovers("slow (3 s)", server -> server.slow(Duration.ofSeconds(3)));
    }

    @Test
    void aJwksEndpointServingGarbageFailsClosed() {
        failsClosedThenRecovers("garbage (HTML)", JwksServer::garbage);
    }

    @Test
    void cachedKeysOutliveAnOutageButGrantNothingNew() {
        Handlers handlers = handlers();
        assertThat(decide(handlers, Shape.REST_TOKEN, token(first))).isEqualTo(Outcome.ALLOW);
        jwks.fail();
        // Documented outage tolerance: a token signed by a key already fetched still validates.
        assertThat(decide(handlers, Shape.HTTP_SIMPLE, token(first))).isEqualTo(Outcome.ALLOW);
        // A key the endpoint never served is not trusted because the endpoint is down.
        assertThat(decide(handlers, Shape.REST_TOKEN, token(second))).isIn(Outcome.UNAUTHORIZED,
                Outcome.UNAVAILABLE);
        assertThat(decide(handlers, Shape.REST_TOKEN, token(TestKeys.ec("rotation-1"))))
                .as("an attacker's key that reuses a trusted kid").isEqualTo(Outcome.UNAUTHORIZED);
    }

    @Test
    void rotatedKeysAreTrustedOnFirstSightAndRetiredKeysAreRefusedAfterTheRefresh() {
        Handlers handlers = handlers();
        assertThat(decide(handlers, Shape.REST_TOKEN, token(first))).isEqualTo(Outcome.ALLOW);
        jwks.serve(TestKeys.publicSet(second));
        // An unknown kid triggers one refresh, which brings the new key in.
        assertThat(decide(handlers, Shape.REST_REQUEST, token(second))).isEqualTo(Outcome.ALLOW);
        // That refresh replaced the cached set: the retired key is gone.
        for (Shape shape : Shape.values()) {
            assertThat(decide(handlers, shape, token(first))).as("retired key, %s", shape)
                    .isIn(Outcome.UNAUTHORIZED, Outcome.DENY);
        }
        Measurements.record("authorizer, key rotation: %d JWKS fetches (first load, refresh on the new kid, "
                + "rate-limited refreshes on the retired kid)", jwks.requestCount());
    }

    @Test
    void aFloodOfUnknownKidsCannotHammerTheJwksEndpoint() {
        Handlers handlers = handlers();
        assertThat(decide(handlers, Shape.REST_TOKEN, token(first))).isEqualTo(Outcome.ALLOW);
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        for (int i = 0; i < 50; i++) {
            outcomes.merge(decide(handlers, Shape.REST_TOKEN, randomKid()), 1, Integer::sum);
        }
        Measurements.record("authorizer, 50 tokens with unknown kids after one good fetch: %d JWKS fetches in total, "
                + "answers %s", jwks.requestCount(), outcomes);
        assertThat(jwks.requestCount()).isLessThanOrEqualTo(3);
        assertThat(outcomes.keySet()).containsOnly(Outcome.UNAUTHORIZED, Outcome.UNAVAILABLE);
    }

    /**
     * Issue 14, point 9: an attacker floods the authorizer with random kids, which spend the JWKS refresh budget, and
     * meanwhile the issuer rotates in a new key. Its valid tokens must never get a 401 (REST API Gateway caches it
     * for the authorizer TTL): while no fetch has looked for the new kid they get the uncached error, and the first
     * refresh the rate limiter allows brings the key in. A one-second refresh interval keeps the run short.
     */
    @Test
    void aRandomKidFloodNeverTurnsARotatedKeysValidTokensIntoACacheableRefusal() {
        Handlers handlers = handlers(Map.of("JWKS_REFRESH_MIN_INTERVAL_SECONDS", "1"));
        assertThat(decide(handlers, Shape.REST_TOKEN, token(first))).isEqualTo(Outcome.ALLOW);
        long started = System.nanoTime();
        Map<Outcome, Integer> flood = new EnumMap<>(Outcome.class);
        for (int i = 0; i < 20; i++) {
            flood.merge(decide(handlers, Shape.REST_TOKEN, randomKid()), 1, Integer::sum);
        }
        jwks.serve(TestKeys.publicSet(first, second));
        Map<Outcome, Integer> rotated = new EnumMap<>(Outcome.class);
        List<Outcome> rotatedInOrder = new ArrayList<>();
        long deadline = started + Duration.ofSeconds(30).toNanos();
        int sinceAllowed = 0;
        // the shapes one function answers (HTTP_IAM is another function, with its own keys and budget)
        Shape[] shapes = {Shape.REST_TOKEN, Shape.REST_REQUEST, Shape.HTTP_SIMPLE};
        for (int round = 0; sinceAllowed < shapes.length && System.nanoTime() < deadline; round++) {
            for (int i = 0; i < 10; i++) {
                flood.merge(decide(handlers, Shape.REST_TOKEN, randomKid()), 1, Integer::sum);
            }
            Outcome outcome = decide(handlers, shapes[round % shapes.length], token(second));
            rotated.merge(outcome, 1, Integer::sum);
            rotatedInOrder.add(outcome);
            sinceAllowed = outcome == Outcome.ALLOW || sinceAllowed > 0 ? sinceAllowed + 1 : 0;
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        Measurements.record("authorizer, random-kid flood with a key rotation (refresh interval 1 s): %d ms, "
                + "%d JWKS fetches; rotated key's valid tokens %s; flood tokens %s", elapsedMillis,
                jwks.requestCount(), rotated, flood);
        assertThat(rotated).as("a valid token is never refused while its key is unchecked")
                .doesNotContainKeys(Outcome.UNAUTHORIZED, Outcome.DENY);
        assertThat(rotatedInOrder).as("allowed once a refresh has run, and from then on")
                .endsWith(Collections.nCopies(shapes.length, Outcome.ALLOW).toArray(new Outcome[0]));
        assertThat(flood.keySet()).containsOnly(Outcome.UNAUTHORIZED, Outcome.UNAVAILABLE);
        // nimbus's rate limiter: at most two fetches per interval that some request opened
        assertThat(jwks.requestCount()).isLessThanOrEqualTo(2 * (int) (elapsedMillis / 1000 + 1) + 1);
    }

    private String randomKid() {
        String token = AuthorizerRig.token("attacker", "jti-" + ids.incrementAndGet())
                .header("kid", "random-" + ids.get()).sign(ATTACKER);
        presented.add(token);
        return token;
    }
}

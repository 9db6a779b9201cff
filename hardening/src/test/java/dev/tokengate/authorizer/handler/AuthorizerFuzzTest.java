package dev.tokengate.authorizer.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.authorizer.handler.AuthorizerRig.Handlers;
import dev.tokengate.authorizer.handler.AuthorizerRig.Outcome;
import dev.tokengate.authorizer.handler.AuthorizerRig.Shape;
import dev.tokengate.authorizer.handler.TokenMutants.Mutant;
import dev.tokengate.authorizer.revocation.RevocationCheck;
import dev.tokengate.authorizer.revocation.RevocationStatus;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.hardening.Events;
import dev.tokengate.hardening.Fuzz;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzzing of the authorizer (pure tier: an in-memory revocation check that knows one revoked jti).
 * For any hostile token in any event shape, and for any random or mutated event: the answer is one of the documented
 * outcomes; it is an Allow only for the valid, unrevoked token; the safety net ("outcome":"ERROR") is never reached;
 * and no log line carries token material.
 */
class AuthorizerFuzzTest {
    private static final RevocationCheck ONE_REVOKED = (token, now) -> token.tokenId().equals(TokenMutants.REVOKED_JTI)
            ? RevocationStatus.revoked(DenyReason.TOKEN_REVOKED, "fuzz") : RevocationStatus.notRevoked("fuzz");

    private final AuthorizerRig.Log log = new AuthorizerRig.Log();
    private final Handlers handlers;

    AuthorizerFuzzTest() {
        Map<String, String> iam = new HashMap<>();
        iam.put("HTTP_API_RESPONSE", "iam");
        handlers = new Handlers(
                AuthorizerRig.handler(AuthorizerRig.environment("tokens", Map.of()), ONE_REVOKED, AuthorizerRig.CLOCK, log),
                AuthorizerRig.handler(AuthorizerRig.environment("tokens", iam), ONE_REVOKED, AuthorizerRig.CLOCK, log));
    }

    // ---- tokens ----

    @Provide
    Arbitrary<Mutant> mutants() {
        Arbitrary<Character> anyChar = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.chars().with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")),
                net.jqwik.api.Tuple.of(2, Arbitraries.chars().with(".=+/ \t\r\n\0\"\\,;%~!")),
                net.jqwik.api.Tuple.of(1, Arbitraries.chars()));
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 1 << 14))
                        .as(TokenMutants::bitFlip),
                Combinators.combine(Arbitraries.integers().between(0, 1 << 12), anyChar).as(TokenMutants::charChange),
                Combinators.combine(Arbitraries.integers().between(0, 1 << 12),
                        Arbitraries.strings().ofMinLength(1).ofMaxLength(12)).as(TokenMutants::insertion),
                Arbitraries.integers().between(0, 1 << 12).map(TokenMutants::truncation),
                Arbitraries.integers().between(0, 100).map(TokenMutants::segments),
                Combinators.combine(Arbitraries.integers().between(0, 1), Arbitraries.longs())
                        .as(TokenMutants::reencoded),
                Arbitraries.longs().map(TokenMutants::permuted),
                // claim values without token strings: a signed sub that itself contains a token is logged as the
                // sub (by contract), which would read as a leak of the presented token's identical header segment
                Combinators.combine(Arbitraries.of(TokenMutants.CLAIMS), jsonValue(3, false))
                        .as((name, value) -> TokenMutants.typeConfused(name, value, false)),
                Combinators.combine(Arbitraries.of(TokenMutants.HEADERS), jsonValue(2, false))
                        .as((name, value) -> TokenMutants.typeConfused(name, value, true)),
                Arbitraries.integers().between(0, 100).map(TokenMutants::attack),
                Combinators.combine(Arbitraries.integers().between(1, 70_000), Arbitraries.integers().between(1, 3000),
                        Arbitraries.of(true, false)).as(TokenMutants::oversized));
    }

    @Property(seed = Fuzz.SEED)
    void noHostileTokenIsEverAllowed(@ForAll("mutants") Mutant mutant, @ForAll Shape shape) {
        // The valid token first: its verification is then in the handler's verified-token cache (on by default)
        // when the mutant made from it arrives, and must not lend the mutant anything.
        assertThat(AuthorizerRig.outcome(shape.pick(handlers), shape.event("Bearer " + TokenMutants.VALID)))
                .isEqualTo(Outcome.ALLOW);
        log.clear();
        Outcome outcome = AuthorizerRig.outcome(shape.pick(handlers), shape.event("Bearer " + mutant.token()));
        if (outcome == Outcome.ALLOW) {
            assertThat(mutant.mayAllow()).as("allowed: %s", mutant).isTrue();
        }
        if (mutant.mustAllow()) {
            assertThat(outcome).as("a valid token with its claims reordered: %s", mutant).isEqualTo(Outcome.ALLOW);
        }
        assertThat(outcome).as("the store is healthy: nothing is unavailable").isNotEqualTo(Outcome.UNAVAILABLE);
        assertSafeLog(List.of(mutant.token()));
    }

    @Property(seed = Fuzz.SEED, tries = 40)
    void theValidTokenIsAllowedAndTheRevokedOneRefusedInEveryShape(@ForAll Shape shape,
                                                                  @ForAll("schemes") String scheme) {
        log.clear();
        assertThat(AuthorizerRig.outcome(shape.pick(handlers), shape.event(scheme + " " + TokenMutants.VALID)))
                .isEqualTo(Outcome.ALLOW);
        assertThat(AuthorizerRig.outcome(shape.pick(handlers), shape.event(scheme + " " + TokenMutants.REVOKED)))
                .isIn(Outcome.UNAUTHORIZED, Outcome.DENY);
        assertSafeLog(List.of(TokenMutants.VALID, TokenMutants.REVOKED));
    }

    @Provide
    Arbitrary<String> schemes() {
        return Arbitraries.of("Bearer", "bearer", "BEARER", "bEaReR");
    }

    // ---- events ----

    /** Any JSON value (what the runtime's deserializer can hand a Map handler), nested up to {@code depth}. */
    static Arbitrary<Object> jsonValue(int depth) {
        return jsonValue(depth, true);
    }

    static Arbitrary<Object> jsonValue(int depth, boolean withTokens) {
        List<String> words = new ArrayList<>(List.of("", "Bearer", "Bearer ", "TOKEN", "REQUEST", "2.0", "1.0",
                "true", "null", "Basic dXNlcjpwYXNz", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/x",
                "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/*",
                "arn:aws:execute-api:::/", "arn:aws:lambda:us-east-1:123456789012:function:x"));
        if (withTokens) {
            words.addAll(List.of("Bearer " + TokenMutants.VALID, "Bearer " + TokenMutants.REVOKED, TokenMutants.VALID,
                    "Bearer " + TokenMutants.VALID + ", Bearer " + TokenMutants.VALID));
        }
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s),
                Arbitraries.of(words).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        if (depth <= 0) {
            return leaf;
        }
        Arbitrary<Object> list = jsonValue(depth - 1, withTokens).list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l));
        Arbitrary<Object> map = Arbitraries.maps(Arbitraries.of("Authorization", "authorization", "AUTHORIZATION",
                        "type", "version", "x", "").injectDuplicates(0.0), jsonValue(depth - 1, withTokens)).ofMaxSize(4)
                .map(m -> (Object) new LinkedHashMap<>(m));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, leaf), net.jqwik.api.Tuple.of(1, list),
                net.jqwik.api.Tuple.of(1, map));
    }

    private static final List<String> EVENT_KEYS = List.of("type", "authorizationToken", "methodArn", "routeArn",
            "version", "headers", "multiValueHeaders", "identitySource", "requestContext", "httpMethod", "path",
            "rawPath", "routeKey", "stageVariables", "queryStringParameters");

    @Provide
    Arbitrary<Map<String, Object>> randomEvents() {
        return Arbitraries.maps(Arbitraries.oneOf(Arbitraries.of(EVENT_KEYS), Arbitraries.strings().ofMaxLength(8)),
                jsonValue(3)).ofMaxSize(10).map(LinkedHashMap::new);
    }

    @Property(seed = Fuzz.SEED)
    void randomEventsAreAnsweredWithinTheContract(@ForAll("randomEvents") Map<String, Object> event,
                                                  @ForAll boolean iam) {
        log.clear();
        String json = json(event);
        Outcome outcome = AuthorizerRig.outcome(iam ? handlers.iam() : handlers.simple(), event);
        if (outcome == Outcome.ALLOW) {
            assertThat(json).as("an Allow needs the valid token in the event").contains(TokenMutants.VALID);
        }
        assertThat(outcome).isNotEqualTo(Outcome.UNAVAILABLE);
        assertSafeLog(credentials(event));
    }

    /** A sample event with one to three of its fields deleted, retyped or replaced, anywhere in the tree. */
    @Provide
    Arbitrary<Map<String, Object>> mutatedEvents() {
        return Combinators.combine(Arbitraries.of(Shape.REST_TOKEN, Shape.REST_REQUEST, Shape.HTTP_SIMPLE),
                        Arbitraries.integers().between(0, 10_000).list().ofMinSize(1).ofMaxSize(3),
                        jsonValue(2).list().ofSize(3), Arbitraries.integers().between(0, 4).list().ofSize(3))
                .as((shape, picks, values, ops) -> {
                    Map<String, Object> event = shape.event("Bearer " + TokenMutants.VALID);
                    for (int i = 0; i < picks.size(); i++) {
                        mutate(event, picks.get(i), values.get(i), ops.get(i));
                    }
                    return event;
                });
    }

    @Property(seed = Fuzz.SEED)
    void mutatedSampleEventsAreAnsweredWithinTheContract(@ForAll("mutatedEvents") Map<String, Object> event,
                                                         @ForAll boolean iam) {
        log.clear();
        String json = json(event);
        Outcome outcome = AuthorizerRig.outcome(iam ? handlers.iam() : handlers.simple(), event);
        if (outcome == Outcome.ALLOW) {
            assertThat(json).as("an Allow needs the valid token in the event").contains(TokenMutants.VALID);
            assertThat(json(authorizationFields(event)))
                    .as("an Allow never survives a second token in the Authorization fields")
                    .doesNotContain(TokenMutants.REVOKED);
        }
        assertThat(outcome).isNotEqualTo(Outcome.UNAVAILABLE);
        assertSafeLog(credentials(event));
    }

    /** Where API Gateway puts the Authorization value in the three shapes (any letter case of the header). */
    private static List<Object> authorizationFields(Map<String, Object> event) {
        List<Object> out = new ArrayList<>();
        out.add(event.get("authorizationToken"));
        // identitySource is not read: API Gateway derives it from the same header, and the header is what counts.
        for (String container : List.of("headers", "multiValueHeaders")) {
            if (event.get(container) instanceof Map<?, ?> headers) {
                headers.forEach((k, v) -> {
                    if (String.valueOf(k).equalsIgnoreCase("authorization")) {
                        out.add(v);
                    }
                });
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void mutate(Map<String, Object> event, int pick, Object value, int op) {
        List<Object[]> slots = new ArrayList<>();
        collect(event, slots);
        if (slots.isEmpty()) {
            return;
        }
        Object[] slot = slots.get(pick % slots.size());
        Object container = slot[0];
        Object key = slot[1];
        if (container instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            String name = (String) key;
            switch (op) {
                case 0 -> map.remove(name);
                case 1 -> map.put(name, value);
                case 2 -> map.put(name, "Bearer " + TokenMutants.REVOKED);
                case 3 -> {
                    Object v = map.remove(name);
                    map.put(name.equals(name.toLowerCase()) ? name.toUpperCase() : name.toLowerCase(), v);
                }
                default -> map.put(name, new ArrayList<>(java.util.Arrays.asList(map.get(name), value)));
            }
        } else {
            List<Object> list = (List<Object>) container;
            int index = (Integer) key;
            switch (op) {
                case 0 -> list.remove(index);
                case 2 -> list.add("Bearer " + TokenMutants.REVOKED);
                default -> list.set(index, value);
            }
        }
    }

    private static void collect(Object node, List<Object[]> slots) {
        if (node instanceof Map<?, ?> map) {
            for (Object key : new ArrayList<>(map.keySet())) {
                slots.add(new Object[] {map, key});
                collect(map.get(key), slots);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                slots.add(new Object[] {list, i});
                collect(list.get(i), slots);
            }
        }
    }

    private static String json(Object value) {
        try {
            return Events.JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every string in the event that a caller could have meant as a credential. */
    private static List<String> credentials(Object node) {
        List<String> out = new ArrayList<>(List.of(TokenMutants.VALID, TokenMutants.REVOKED));
        gather(node, out);
        return out;
    }

    private static void gather(Object node, List<String> out) {
        if (node instanceof String s && (s.contains(".") || s.regionMatches(true, 0, "Bearer", 0, 6))
                && !s.startsWith("arn:")) {
            out.add(s);
        } else if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> gather(v, out));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> gather(v, out));
        }
    }

    private void assertSafeLog(List<String> credentials) {
        assertThat(log.lines).as("the safety net (an unexpected exception) was never reached")
                .noneMatch(l -> l.contains("\"outcome\":\"ERROR\""));
        Fuzz.assertNoTokenMaterial(log.lines, credentials);
    }
}

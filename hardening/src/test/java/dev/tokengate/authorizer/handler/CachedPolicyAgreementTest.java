package dev.tokengate.authorizer.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokengate.authorizer.handler.AuthorizerRig.Shape;
import dev.tokengate.authorizer.revocation.RevocationCheck;
import dev.tokengate.authorizer.revocation.RevocationStatus;
import dev.tokengate.hardening.Fuzz;
import dev.tokengate.testkit.gateway.PolicyEvaluator;
import dev.tokengate.testkit.gateway.PolicyEvaluator.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Issue 14, point 4: API Gateway caches the authorizer's answer per token and evaluates that one policy on every
 * later route of the stage. For generated {@code ROUTE_SCOPES} rule sets (every method spelling, {@code *} inside
 * and across segments, rules about this API, another API or every API), token scopes and pairs of routes (every
 * method API Gateway sends, paths with {@code admin} at several depths, literal {@code *}, trailing slashes, the
 * root), API Gateway's evaluation of the answer cached from the first route must equal a fresh decision on the
 * second. The evaluation is testkit's {@link PolicyEvaluator}, written independently of the authorizer's matching.
 */
class CachedPolicyAgreementTest {
    static final String API_ID = "a1b2c3d4e5";
    static final String OTHER_API_ID = "z9y8x7w6v5";
    static final String ACCOUNT_PREFIX = "arn:aws:execute-api:us-east-1:123456789012:";
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    static final List<String> SCOPES = List.of("s1", "s2", "s3");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RevocationCheck NOTHING_REVOKED = (token, now) -> RevocationStatus.notRevoked("property");

    /** A method and path as API Gateway writes them into the ARN after the stage: {@code GET/users/admin/x}. */
    record Route(String method, String path) {
        String arn(String stage) {
            return ACCOUNT_PREFIX + API_ID + "/" + stage + "/" + method + path;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** The event shapes that answer with policies, and the stage each one's ARN names. */
    enum PolicyShape {
        REST_TOKEN(Shape.REST_TOKEN, "prod", "methodArn"),
        REST_REQUEST(Shape.REST_REQUEST, "prod", "methodArn"),
        HTTP_IAM(Shape.HTTP_IAM, "$default", "routeArn");

        final Shape shape;
        final String stage;
        final String arnField;

        PolicyShape(Shape shape, String stage, String arnField) {
            this.shape = shape;
            this.stage = stage;
            this.arnField = arnField;
        }

        Map<String, Object> event(String token, Route route) {
            Map<String, Object> event = shape.event("Bearer " + token);
            event.put(arnField, route.arn(stage));
            return event;
        }
    }

    @Property(seed = Fuzz.SEED)
    void aCachedAnswerGivesEveryRouteTheAnswerOfAFreshDecision(@ForAll("ruleSets") List<String> rules,
            @ForAll("tokenScopes") Set<String> scopes, @ForAll PolicyShape shape, @ForAll("routes") Route first,
            @ForAll("routes") Route later) {
        AuthorizerRig.Log log = new AuthorizerRig.Log();
        AuthorizerHandler handler = AuthorizerRig.handler(AuthorizerRig.environment("tokens",
                Map.of("ROUTE_SCOPES", String.join(";", rules), "HTTP_API_RESPONSE", "iam")),
                NOTHING_REVOKED, AuthorizerRig.CLOCK, log);
        String token = AuthorizerRig.token("alice", "jti-property").scope(String.join(" ", scopes))
                .sign(AuthorizerRig.KEY);

        Map<String, Object> cached = handler.handleRequest(shape.event(token, first), null);
        Map<String, Object> fresh = handler.handleRequest(shape.event(token, later), null);
        String decided = outcome(log.last());

        Verdict fromCache = PolicyEvaluator.evaluate(cached.get("policyDocument"), later.arn(shape.stage));
        Verdict fromFresh = PolicyEvaluator.evaluate(fresh.get("policyDocument"), later.arn(shape.stage));
        Statistics.label("fresh decision").collect(decided);
        Statistics.label("fresh decision").coverage(check -> {
            check.check("ALLOW").count((Predicate<Integer>) n -> n > 0);
            check.check("FORBIDDEN").count((Predicate<Integer>) n -> n > 0);
        });

        assertThat(decided).isIn("ALLOW", "FORBIDDEN");
        assertThat(fromFresh).as("the fresh answer on %s itself", later)
                .isEqualTo(decided.equals("ALLOW") ? Verdict.ALLOW : Verdict.EXPLICIT_DENY);
        assertThat(fromCache).as("rules %s, scopes %s: the answer cached on %s, evaluated on %s, against a fresh "
                + "decision %s", rules, scopes, first, later, decided).isEqualTo(fromFresh);
    }

    @Provide
    Arbitrary<List<String>> ruleSets() {
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY",
                "*");
        Arbitrary<String> scopeList = Arbitraries.of(SCOPES).set().ofMinSize(1).ofMaxSize(2)
                .map(set -> String.join(" ", set));
        // a rule about every API, about the API under test, or about another one
        Arbitrary<String> api = Arbitraries.of("", "", API_ID + ":", OTHER_API_ID + ":");
        Arbitrary<String> rule = Combinators.combine(method, api, pathPatterns(), scopeList)
                .as((m, apiId, path, scopes) -> m + " " + apiId + path + "=" + scopes);
        return rule.list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<Set<String>> tokenScopes() {
        return Arbitraries.of(SCOPES).set().ofMaxSize(3);
    }

    @Provide
    Arbitrary<Route> routes() {
        Arbitrary<String> segment = Arbitraries.of("admin", "users", "orders", "42", "v1", "x", "Admin", "GET",
                "admin-x", "a*b", "*");
        Arbitrary<String> path = Combinators.combine(segment.list().ofMaxSize(4), Arbitraries.of(true, false))
                .as((segments, slash) -> "/" + String.join("/", segments)
                        + (slash && !segments.isEmpty() ? "/" : ""));
        return Combinators.combine(Arbitraries.of(METHODS), path).as(Route::new);
    }

    /** Rule paths: words, {@code *} as a whole segment or inside one, optional trailing {@code /} or {@code *}. */
    static Arbitrary<String> pathPatterns() {
        Arbitrary<String> segment = Arbitraries.of("admin", "users", "orders", "42", "v1", "*", "adm*", "*min", "GET");
        Arbitrary<String> tail = Arbitraries.of("", "", "/", "/*", "*");
        return Combinators.combine(segment.list().ofMaxSize(3), tail)
                .as((segments, end) -> {
                    String path = "/" + String.join("/", segments);
                    return segments.isEmpty() ? path + end.replace("/", "") : path + end;
                });
    }

    private static String outcome(String logLine) {
        try {
            JsonNode line = JSON.readTree(logLine);
            assertThat(line.path("event").asText()).isEqualTo("authorizer.decision");
            return line.path("outcome").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.tokengate.revoke.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokengate.hardening.Events;
import dev.tokengate.hardening.Fuzz;
import dev.tokengate.revoke.handler.RevokeRig.Reply;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Property-based fuzzing of the revocation API on moto: random methods, paths, query strings, content types and
 * bodies (random JSON, mutated valid bodies, raw bytes, oversized), from random callers (owner, admin, none,
 * inconsistent context). Every answer is a documented status with a JSON body and no internals; a request that is
 * not answered 2xx sends no write to DynamoDB (counted by an SDK interceptor); a caller without the admin scope
 * never writes outside its own partition; no log line carries token material.
 */
class RevokeApiFuzzIT {
    private static MotoServer moto;
    private static String table;
    private static final Map<Integer, Integer> STATUSES = new java.util.concurrent.ConcurrentSkipListMap<>();
    private static final java.util.concurrent.atomic.AtomicInteger WRITES = new java.util.concurrent.atomic.AtomicInteger();

    private final List<SdkRequest> sent = new CopyOnWriteArrayList<>();
    private final RevokeRig.Log log = new RevokeRig.Log();
    private final DynamoDbClient client;
    private final RevokeApiHandler handler;

    @BeforeContainer
    static void startMoto() {
        // jqwik has no Jupiter extensions: this class runs its own engine (the JVM-shared one is Jupiter's).
        moto = MotoServer.start();
        table = moto.createTable("tokens-" + UUID.randomUUID(), "PK", "SK", "ttl", false);
    }

    @AfterContainer
    static void stopMoto() {
        dev.tokengate.hardening.Measurements.record("revoke-fn fuzz: answers by status %s, DynamoDB writes %d "
                + "(all from 2xx answers)", STATUSES, WRITES.get());
        moto.close();
    }

    RevokeApiFuzzIT() {
        client = RevokeRig.client(moto.endpoint(), new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                sent.add(context.request());
            }
        });
        handler = RevokeRig.handler(table, client, log);
    }

    record Caller(String sub, String scope, String principalId, boolean present) {
        boolean admin() {
            return present && scope.contains("tokengate:admin");
        }
    }

    record Request(Caller caller, String method, String path, Map<String, String> query, String contentType,
                   String body, boolean base64) {
        @Override
        public String toString() {
            String b = body == null ? "null" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
            return caller + " " + method + " " + path + " " + query + " [" + contentType + "] " + b;
        }
    }

    private static final String VALID_TOKEN = TestTokens.valid(RevokeRig.ISSUER, RevokeRig.AUDIENCE, RevokeRig.NOW)
            .subject("user-alice").tokenId("fuzz-presented").sign(RevokeRig.KEY);
    private static final String FOREIGN_TOKEN = TestTokens.valid(RevokeRig.ISSUER, RevokeRig.AUDIENCE, RevokeRig.NOW)
            .subject("user-alice").tokenId("fuzz-foreign").sign(TestKeys.ec(RevokeRig.KEY.getKeyID()));

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.oneOf(
                Arbitraries.of("user-alice", "user-bob", "user-admin", "fuzz-jti", "", " ", "..", "%2F", "a/b",
                        "USER#user-bob", "TOKEN#x", "\u0000", "\ud800", "é", "x".repeat(513), "€".repeat(400)),
                Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings().alpha().numeric().withChars('-', '_').ofMinLength(1).ofMaxLength(40));
    }

    @Provide
    Arbitrary<Object> anyValue() {
        return Arbitraries.oneOf(ids().map(s -> (Object) s), Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l), Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b), Arbitraries.just(null),
                Arbitraries.just((Object) List.of("x")), Arbitraries.just((Object) Map.of("k", "v")),
                Arbitraries.of(VALID_TOKEN, FOREIGN_TOKEN, VALID_TOKEN.substring(0, 60),
                        VALID_TOKEN + "x").map(s -> (Object) s));
    }

    private static final List<String> FIELDS = List.of("jti", "sub", "exp", "reason", "token", "originJti",
            "unknown", "JTI", "");

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> object = Arbitraries.maps(Arbitraries.of(FIELDS), anyValue()).ofMaxSize(5)
                .map(RevokeApiFuzzIT::write);
        // Well-formed bodies naming the caller, another user or a random id: where the IDOR rule is exercised.
        Arbitrary<String> wellFormed = net.jqwik.api.Combinators.combine(ids(),
                        Arbitraries.of("user-alice", "user-bob", "user-admin"), Arbitraries.of("jti", "originJti"))
                .as((id, sub, field) -> write(Map.of(field, id, "sub", sub, "reason", "fuzz")));
        return Arbitraries.frequencyOf(
                Tuple.of(5, object),
                Tuple.of(5, wellFormed),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(60)),
                Tuple.of(1, Arbitraries.of("{}", "[]", "null", "\"x\"", "1", "{\"jti\":\"a\",\"jti\":\"b\",\"sub\":\"user-alice\"}",
                        "{\"jti\":\"a\",\"sub\":\"user-alice\"} trailing", "{\"jti\":\"a\",\"sub\":\"user-alice\"}{}",
                        "{\"jti\":\"a\",\"sub\":\"user-alice\",\"exp\":1.5e3}", "{\"jti\":\"a\",\"sub\":\"user-alice\",\"exp\":\"1767225600\"}",
                        "{\"sub\":\"user-alice\",\"originJti\":\"f\",\"reason\":\"\\u0000\"}", "{\"token\":\"" + VALID_TOKEN + "\",\"jti\":\"x\"}",
                        "{" + "\"a\":".repeat(1) + "[".repeat(5000) + "]".repeat(5000) + "}", "{\"reason\":\"" + "r".repeat(20_000) + "\"}")),
                Tuple.of(1, Arbitraries.just(null)));
    }

    @Provide
    @SuppressWarnings("unchecked")
    Arbitrary<Request> requests() {
        Arbitrary<Caller> callers = Arbitraries.oneOf(
                Arbitraries.just(new Caller("user-alice", "openid", "user-alice", true)),
                Arbitraries.just(new Caller("user-admin", "openid tokengate:admin", "user-admin", true)),
                Arbitraries.just(new Caller("user-alice", "openid", null, false)),
                Arbitraries.just(new Caller("user-alice", "tokengate:admin", "user-mallory", true)),
                Arbitraries.just(new Caller("user-alice", "tokengate:administrator TOKENGATE:ADMIN", "user-alice", true)));
        Arbitrary<String> paths = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("/revocations", "/revocations/families", "/users/user-bob/revoke-all",
                        "/users/user-alice/revoke-all")),
                Tuple.of(1, Arbitraries.of("/revocations", "/revocations/families", "/revocations/", "/revocations/families/x",
                        "/", "", "/users//revoke-all", "/revocations/../users/user-bob/revoke-all", "/REVOCATIONS")),
                Tuple.of(1, ids().map(id -> "/users/" + id + "/revoke-all")),
                Tuple.of(1, ids().map(id -> "/revocations/" + id)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(30).map(s -> "/" + s)));
        return Builders.withBuilder(() -> new Object[7])
                .use(callers).in((a, v) -> { a[0] = v; return a; })
                .use(Arbitraries.frequency(Tuple.of(6, "POST"), Tuple.of(2, "GET"), Tuple.of(1, "PUT"),
                        Tuple.of(1, "DELETE"), Tuple.of(1, "PATCH"), Tuple.of(1, "OPTIONS"), Tuple.of(1, "HEAD")))
                .in((a, v) -> { a[1] = v; return a; })
                .use(paths).in((a, v) -> { a[2] = v; return a; })
                .use(Arbitraries.maps(Arbitraries.of("sub", "jti", "x"), ids()).ofMaxSize(2)).in((a, v) -> { a[3] = v; return a; })
                .use(Arbitraries.of("application/json", "application/json; charset=UTF-8", "application/json; charset=latin1",
                        "text/plain", "APPLICATION/JSON", "")).in((a, v) -> { a[4] = v; return a; })
                .use(bodies()).in((a, v) -> { a[5] = v; return a; })
                .use(Arbitraries.of(false, false, false, true)).in((a, v) -> { a[6] = v; return a; })
                .build(a -> new Request((Caller) a[0], (String) a[1], (String) a[2], (Map<String, String>) a[3],
                        (String) a[4], (String) a[5], (Boolean) a[6]));
    }

    private static String write(Object value) {
        try {
            return Events.JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode event(Request r) {
        ObjectNode event = RevokeRig.event("revoke-own-token.json");
        event.put("httpMethod", r.method());
        event.put("path", r.path());
        event.put("resource", r.path());
        ((ObjectNode) event.get("requestContext")).put("httpMethod", r.method());
        ((ObjectNode) event.get("requestContext")).put("path", "/prod" + r.path());
        ObjectNode headers = (ObjectNode) event.get("headers");
        ObjectNode multi = (ObjectNode) event.get("multiValueHeaders");
        headers.remove("Content-Type");
        multi.remove("Content-Type");
        if (!r.contentType().isEmpty()) {
            headers.put("Content-Type", r.contentType());
            multi.putArray("Content-Type").add(r.contentType());
        }
        if (r.query().isEmpty()) {
            event.putNull("queryStringParameters");
            event.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode q = event.putObject("queryStringParameters");
            ObjectNode mq = event.putObject("multiValueQueryStringParameters");
            r.query().forEach((k, v) -> {
                q.put(k, v);
                mq.putArray(k).add(v);
            });
        }
        if (r.body() == null) {
            event.putNull("body");
        } else {
            event.put("body", r.base64() ? java.util.Base64.getEncoder().encodeToString(
                    r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)) : r.body());
        }
        event.put("isBase64Encoded", r.base64());
        Caller c = r.caller();
        if (!c.present()) {
            ((ObjectNode) event.get("requestContext")).remove("authorizer");
        } else {
            RevokeRig.asCaller(event, c.sub(), c.scope());
            ((ObjectNode) event.get("requestContext").get("authorizer")).put("principalId", c.principalId());
        }
        return event;
    }

    @Property(seed = Fuzz.SEED)
    void everyRequestGetsADocumentedAnswerAndOnlyA2xxWrites(@ForAll("requests") Request request) {
        sent.clear();
        log.lines.clear();
        Reply reply = RevokeRig.invoke(handler, event(request));
        STATUSES.merge(reply.status(), 1, Integer::sum);

        assertThat(reply.status()).as("%s", request).isIn(200, 400, 403, 404, 405, 413, 415);
        if (!request.method().equals("HEAD")) { // a HEAD answer has no body, by HTTP's rules
            assertThat(reply.json().isObject()).as("every answer is a JSON object").isTrue();
        }
        assertThat(reply.body()).doesNotContain("Exception", "\tat ", "at dev.tokengate", "software.amazon");

        List<SdkRequest> writes = new ArrayList<>();
        for (SdkRequest r : sent) {
            if (!(r instanceof GetItemRequest)) {
                writes.add(r);
            }
        }
        if (reply.status() / 100 != 2) {
            assertThat(writes).as("a %d answer wrote to DynamoDB: %s", reply.status(), request).isEmpty();
        }
        WRITES.addAndGet(writes.size());
        for (SdkRequest write : writes) {
            assertThat(write).isInstanceOf(UpdateItemRequest.class);
            String partition = ((UpdateItemRequest) write).key().get("PK").s();
            if (!request.caller().admin()) {
                assertThat(partition).as("a non-admin caller wrote outside its own partition")
                        .isEqualTo("USER#default#" + request.caller().sub());
            }
        }
        Fuzz.assertNoTokenMaterial(log.lines, List.of(VALID_TOKEN, FOREIGN_TOKEN));
        assertThat(log.lines).noneMatch(l -> l.contains("\"status\":500"));
    }

    /** Only the invalid: a table that sees nothing but invalid requests stays empty (scan). */
    @Property(seed = Fuzz.SEED, tries = 60)
    void invalidRequestsLeaveTheTableEmpty(@ForAll("ids") String id, @ForAll("anyValue") Object value,
                                           @ForAll("invalidBodies") String body) {
        String own = "empty-" + UUID.randomUUID();
        String empty = moto.createTable(own, "PK", "SK", "ttl", false);
        RevokeApiHandler fresh = RevokeRig.handler(empty, client, log);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("jti", id);
        fields.put("sub", "user-bob");
        fields.put("reason", value);
        List<Request> invalid = List.of(
                new Request(new Caller("user-alice", "openid", "user-alice", true), "POST", "/revocations", Map.of(),
                        "application/json", write(fields), false),
                new Request(new Caller("user-alice", "openid", "user-alice", true), "POST", "/users/user-bob/revoke-all",
                        Map.of(), "application/json", "{}", false),
                new Request(new Caller("user-alice", "openid", "user-alice", true), "POST", "/revocations", Map.of(),
                        "application/json", body, false),
                new Request(new Caller("user-alice", "openid", null, false), "POST", "/revocations", Map.of(),
                        "application/json", "{\"jti\":\"" + "a" + "\",\"sub\":\"user-alice\"}", false),
                new Request(new Caller("user-alice", "openid", "user-alice", true), "POST", "/revocations", Map.of(),
                        "text/plain", "{\"jti\":\"a\",\"sub\":\"user-alice\"}", false));
        for (Request request : invalid) {
            assertThat(RevokeRig.invoke(fresh, event(request)).status()).as("%s", request).isBetween(400, 499);
        }
        try (DynamoDbClient plain = moto.dynamoDb()) {
            assertThat(plain.scan(s -> s.tableName(empty)).items()).isEmpty();
        }
    }

    @Provide
    Arbitrary<String> invalidBodies() {
        return Arbitraries.of("", "{", "[]", "null", "{\"jti\":\"a\"}", "{\"sub\":\"user-alice\"}",
                "{\"jti\":\"a\",\"sub\":\"user-alice\",\"exp\":\"soon\"}", "{\"jti\":\"a\",\"sub\":\"user-alice\",\"x\":1}",
                "{\"token\":\"" + FOREIGN_TOKEN + "\"}", "{\"token\":\"" + VALID_TOKEN + "\",\"sub\":\"user-alice\"}",
                "{\"jti\":\"a\",\"sub\":\"user-alice\",\"exp\":99999999999999}", "{\"jti\":\"a\",\"jti\":\"a\",\"sub\":\"user-alice\"}");
    }
}

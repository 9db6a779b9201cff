package dev.tokengate.revoke.handler;

import static dev.tokengate.revoke.handler.ProxyEvents.asCaller;
import static dev.tokengate.revoke.handler.ProxyEvents.invoke;
import static dev.tokengate.revoke.handler.ProxyEvents.load;
import static dev.tokengate.revoke.handler.ProxyEvents.route;
import static dev.tokengate.revoke.handler.ProxyEvents.withBody;
import static dev.tokengate.revoke.handler.ProxyEvents.withHeader;
import static dev.tokengate.revoke.handler.ProxyEvents.withoutHeader;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokengate.revoke.handler.ProxyEvents.Reply;
import dev.tokengate.revoke.testing.CapturingLog;
import dev.tokengate.revoke.testing.Fixture;
import dev.tokengate.revoke.testing.NoDynamoDb;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real stream handler, driven with the sample events, for every request that must be refused before DynamoDB is
 * asked anything: the client given to the handler refuses and counts every call, so "nothing written" is proven by
 * a count of zero. Writes against a real engine are in {@code RevokeApiIT}.
 */
class RevokeApiHandlerTest {
    private final Fixture fixture = new Fixture();
    private final CapturingLog log = new CapturingLog();
    private NoDynamoDb dynamo;
    private RevokeApiHandler handler;

    @BeforeEach
    void setUp() {
        dynamo = new NoDynamoDb();
        handler = new RevokeApiHandler(fixture.config("tokens"), dynamo.client(), null, fixture.clock, log);
    }

    @AfterEach
    void nothingReachedDynamoDb() {
        assertThat(dynamo.calls()).as("DynamoDB calls").isZero();
        assertThat(log.joined()).doesNotContain("eyJ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"idor-revoke-other-token.json", "idor-revoke-other-family.json",
            "idor-revoke-all-other.json", "idor-get-other-token-state.json"})
    void refusesNonAdminActingOnAnotherUserOnEveryRoute(String event) {
        Reply reply = invoke(handler, load(event));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body().toString()).isEqualTo(
                "{\"error\":\"forbidden\",\"message\":\"the caller may not act on this user's tokens\"}");
        assertThat(log.last()).contains("\"outcome\":\"FORBIDDEN\"", "\"callerSub\":\"user-alice\"",
                "\"targetSub\":\"user-bob\"");
    }

    @Test
    void refusalLooksTheSameWhetherOrNotTheTargetExists() {
        Reply known = invoke(handler, load("idor-revoke-other-token.json"));
        ObjectNode unknown = withBody(load("idor-revoke-other-token.json"),
                Map.of("jti", "no-such-token", "sub", "no-such-user"));

        assertThat(invoke(handler, unknown).rawBody()).isEqualTo(known.rawBody());
    }

    @Test
    void refusesAnyRequestWithoutAuthorizerContext() {
        Reply reply = invoke(handler, load("no-authorizer-context.json"));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.text("error")).isEqualTo("forbidden");
        assertThat(log.last()).contains("\"reason\":\"NO_AUTHORIZER_CONTEXT\"");
    }

    @Test
    void refusesAuthorizerContextWhoseSubDisagreesWithPrincipal() {
        ObjectNode event = load("revoke-own-token.json");
        ((ObjectNode) event.at("/requestContext/authorizer")).put("sub", "user-bob");

        assertThat(invoke(handler, event).status()).isEqualTo(403);
    }

    @Test
    void takesTheCallerFromTheAuthorizerNeverFromTheBody() {
        // the body claims to be the admin; the authorizer says alice: still alice, still refused for bob's token
        ObjectNode event = withBody(load("idor-revoke-other-token.json"),
                "{\"jti\":\"j\",\"sub\":\"user-bob\",\"principalId\":\"user-bob\"}");

        Reply reply = invoke(handler, event);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("field")).isEqualTo("principalId");
    }

    @Test
    void refusesWrongContentTypeWith415() {
        Reply reply = invoke(handler, load("bad-content-type.json"));

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.text("error")).isEqualTo("unsupported_media_type");
        assertThat(reply.text("field")).isEqualTo("Content-Type");
    }

    @Test
    void refusesMissingContentTypeWith415() {
        assertThat(invoke(handler, withoutHeader(load("revoke-own-token.json"), "Content-Type")).status())
                .isEqualTo(415);
    }

    @Test
    void acceptsJsonContentTypeWithUtf8CharsetButNotOthers() {
        ObjectNode latin = withHeader(load("revoke-own-token.json"), "Content-Type",
                "application/json; charset=ISO-8859-1");
        assertThat(invoke(handler, latin).status()).isEqualTo(415);
    }

    @Test
    void refusesBodiesOver16KiBWith413() {
        String reason = "x".repeat(17 * 1024);
        Reply reply = invoke(handler, withBody(load("revoke-own-token.json"),
                Map.of("jti", "j1", "sub", "user-alice", "reason", reason)));

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.text("error")).isEqualTo("payload_too_large");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1,2]", "\"text\"", "{\"jti\":\"a\",\"jti\":\"b\",\"sub\":\"user-alice\"}",
            "{\"jti\":\"a\",\"sub\":\"user-alice\"} trailing", "", "{", "null"})
    void refusesBodiesThatAreNotOneJsonObject(String body) {
        Reply reply = invoke(handler, withBody(load("revoke-own-token.json"), body));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("error")).isEqualTo("invalid_request");
        assertThat(reply.text("field")).isEqualTo("body");
        assertThat(reply.rawBody()).doesNotContain("trailing").doesNotContain("Jackson");
    }

    @Test
    void refusesUnknownFieldsNamingThem() {
        Reply reply = invoke(handler, withBody(load("revoke-own-token.json"),
                Map.of("jti", "j1", "sub", "user-alice", "admin", true)));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("field")).isEqualTo("admin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jti", "sub"})
    void refusesMissingRequiredFieldsNamingThem(String missing) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("jti", "j1", "sub", "user-alice"));
        body.remove(missing);

        Reply reply = invoke(handler, withBody(load("revoke-own-token.json"), body));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("field")).isEqualTo(missing);
        assertThat(reply.text("message")).contains("required");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"jti\":123,\"sub\":\"user-alice\"}|jti",
            "{\"jti\":\"j\",\"sub\":[\"user-alice\"]}|sub",
            "{\"jti\":\"j\",\"sub\":\"user-alice\",\"exp\":\"1767229200\"}|exp",
            "{\"jti\":\"j\",\"sub\":\"user-alice\",\"exp\":1767229200.5}|exp",
            "{\"jti\":\"j\",\"sub\":\"user-alice\",\"exp\":99999999999999999999999}|exp",
            "{\"jti\":\"j\",\"sub\":\"user-alice\",\"reason\":{}}|reason",
            "{\"jti\":\"j\",\"sub\":\"user-alice\",\"exp\":1767229200000}|exp",
            "{\"jti\":\"j\",\"sub\":\"user-alice\",\"exp\":-5}|exp",
            "{\"jti\":\"\",\"sub\":\"user-alice\"}|jti",
            "{\"jti\":\"j\\u0000x\",\"sub\":\"user-alice\"}|jti",
            "{\"jti\":\"j\",\"sub\":\"user-alice\",\"reason\":\"\"}|reason",
            "{\"token\":\"a.b.c\",\"jti\":\"j\"}|jti",
            "{\"token\":42}|token"})
    void refusesWrongTypesAndInvalidValuesNamingTheField(String caseSpec) {
        String[] parts = caseSpec.split("\\|");
        Reply reply = invoke(handler, withBody(load("revoke-own-token.json"), parts[0]));

        assertThat(reply.status()).as(parts[0]).isEqualTo(400);
        assertThat(reply.text("field")).isEqualTo(parts[1]);
    }

    @Test
    void refusesOverlongIdsInBody() {
        Reply reply = invoke(handler, withBody(load("revoke-own-token.json"),
                Map.of("jti", "j".repeat(513), "sub", "user-alice")));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("field")).isEqualTo("jti");
    }

    @Test
    void refusesInvalidIdInPath() {
        // a control character, percent-encoded in the URL
        ObjectNode event = route(load("revoke-all-own.json"), "POST", "/users/user%01alice/revoke-all");
        asCaller(event, "user-alice", "openid");

        Reply reply = invoke(handler, event);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("field")).isEqualTo("sub");
    }

    @Test
    void refusesFamilyRequestWithoutOriginJti() {
        Reply reply = invoke(handler, withBody(load("revoke-family.json"), Map.of("sub", "user-alice")));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("field")).isEqualTo("originJti");
    }

    @Test
    void refusesPresentedTokenThatDoesNotVerify() {
        String forged = fixture.token("user-alice", "j1").sign(dev.tokengate.testkit.TestKeys.rsa("test-key-1"));

        Reply reply = invoke(handler, withBody(load("revoke-presented-token.json"), Map.of("token", forged)));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("field")).isEqualTo("token");
        assertThat(reply.text("message")).contains("BAD_SIGNATURE");
        assertThat(log.joined()).doesNotContain(forged.substring(forged.lastIndexOf('.') + 1));
    }

    @Test
    void refusesPresentedTokenOfAnotherUserForNonAdmin() {
        String bobs = fixture.token("user-bob", "bob-1").sign(fixture.key);

        Reply reply = invoke(handler, withBody(load("revoke-presented-token.json"), Map.of("token", bobs)));

        assertThat(reply.status()).isEqualTo(403);
    }

    @Test
    void answersUnknownRouteWithJson404() {
        Reply reply = invoke(handler, route(load("revoke-own-token.json"), "POST", "/nope"));

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.text("error")).isEqualTo("not_found");
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(log.last()).contains("\"outcome\":\"NOT_FOUND\"", "\"route\":\"UNMATCHED\"");
    }

    @Test
    void answersWrongMethodWithJson405() {
        Reply reply = invoke(handler, route(load("revoke-own-token.json"), "DELETE", "/revocations"));

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.text("error")).isEqualTo("method_not_allowed");
    }

    @Test
    void answersOptionsWithJsonListingTheAllowedMethods() {
        Reply reply = invoke(handler, route(load("revoke-own-token.json"), "OPTIONS", "/revocations"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Allow")).isEqualTo("POST,OPTIONS");
        assertThat(reply.body().get("allow").asText()).isEqualTo("POST,OPTIONS");
    }

    @Test
    void everyRefusalIsJsonAndLoggedOnce() {
        invoke(handler, load("idor-revoke-other-token.json"));
        invoke(handler, load("bad-content-type.json"));

        assertThat(log.lines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("{\"level\":"));
    }

    @Test
    void eachRequestLineCountsTheRequestAndARevocationByKindAndOutcome() {
        invoke(handler, load("idor-revoke-other-token.json"));
        invoke(handler, load("idor-revoke-other-family.json"));
        invoke(handler, load("bad-content-type.json"));
        invoke(handler, load("idor-get-other-token-state.json"));
        invoke(handler, load("no-authorizer-context.json"));

        Map<String, String> function = Map.of("Function", "RevokeApiFunction");
        assertThat(log.metric("Requests", function)).isEqualTo(5);
        assertThat(log.metric("ClientErrors", function)).isEqualTo(5);
        assertThat(log.metric("ServerErrors", function)).isZero();
        assertThat(log.metric("Revocations", Map.of("Function", "RevokeApiFunction", "Kind", "TOKEN",
                "Result", "FORBIDDEN"))).isEqualTo(1);
        assertThat(log.metric("Revocations", Map.of("Function", "RevokeApiFunction", "Kind", "FAMILY",
                "Result", "FORBIDDEN"))).isEqualTo(1);
        assertThat(log.metric("Revocations", Map.of("Function", "RevokeApiFunction", "Kind", "TOKEN",
                "Result", "INVALID"))).as("a bad content type on a revocation route").isEqualTo(1);
        assertThat(log.lines()).as("a token-state read is no revocation").filteredOn(l -> l.contains("GET"))
                .allSatisfy(l -> assertThat(l).doesNotContain("\"Revocations\""));
    }
}

package dev.tokengate.revoke.handler;

import static dev.tokengate.revoke.handler.ProxyEvents.asCaller;
import static dev.tokengate.revoke.handler.ProxyEvents.invoke;
import static dev.tokengate.revoke.handler.ProxyEvents.load;
import static dev.tokengate.revoke.handler.ProxyEvents.withBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.revoke.config.RevokeConfig;
import dev.tokengate.revoke.handler.ProxyEvents.Reply;
import dev.tokengate.revoke.testing.CapturingLog;
import dev.tokengate.revoke.testing.Fixture;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.TestKeys;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code POST /global-token-revocation} through the real handler on moto, with the draft's status codes: an admin of
 * the named issuer (or a {@code crossIssuerAdmin} one) revokes every token of the user (204); no admin scope, or
 * another issuer without {@code crossIssuerAdmin}, is 403; an untrusted {@code iss} is 404 for those who may look
 * beyond their issuer; an unsupported subject format is 400; a failed write is 422.
 */
@ExtendWith(MotoExtension.class)
class GlobalTokenRevocationIT {
    static final String ADMIN = "tokengate:admin";
    static final String WORKFORCE = "https://workforce.example.com/";
    static final String PARTNER = "https://partner.example.com/";

    private final CapturingLog log = new CapturingLog();
    private DynamoDbClient dynamo;
    private String table;
    private RevokeApiHandler handler;

    @BeforeEach
    void setUp(MotoServer moto) {
        dynamo = moto.dynamoDb();
        table = moto.createTable("tokens-" + UUID.randomUUID(), "PK", "SK", "ttl", true);
        handler = handlerFor(table);
    }

    private RevokeApiHandler handlerFor(String tokenTable) {
        RevokeConfig config = RevokeConfig.fromEnvironment(Map.of("TOKEN_TABLE", tokenTable, "AWS_REGION",
                "us-east-1", "TRUSTED_ISSUERS", "[" + profile("workforce", WORKFORCE, false) + ","
                        + profile("partner", PARTNER, false) + "," + profile("ops", "https://ops.example.com/", true)
                        + "]"));
        return new RevokeApiHandler(config, dynamo, null, Clock.fixed(Fixture.NOW, ZoneOffset.UTC), log);
    }

    @AfterEach
    void tearDown() {
        dynamo.close();
    }

    private static String profile(String id, String issuer, boolean cross) {
        return "{\"id\":\"" + id + "\",\"issuer\":\"" + issuer + "\",\"audiences\":[\"orders-api\"],\"jwks\":"
                + TestKeys.publicJson(TestKeys.rsa(id)) + ",\"crossIssuerAdmin\":" + cross + "}";
    }

    private Reply revoke(String callerIssuer, String caller, String scope, String subId) {
        ObjectNode event = asCaller(load("global-token-revocation.json"), callerIssuer, caller, scope);
        return invoke(handler, withBody(event, "{\"sub_id\":" + subId + "}"));
    }

    private static String issSub(String iss, String sub) {
        return "{\"format\":\"iss_sub\",\"iss\":\"" + iss + "\",\"sub\":\"" + sub + "\"}";
    }

    private Map<String, AttributeValue> marker(String issuerId, String sub) {
        return dynamo.getItem(r -> r.tableName(table).key(TokenTable.revokedBeforeKey(new Principal(issuerId, sub)))
                .consistentRead(true)).item();
    }

    @Test
    void theSampleEventRevokesEveryTokenOfTheUser() {
        RevokeConfig single = new Fixture().config(table);
        RevokeApiHandler sample = new RevokeApiHandler(single, dynamo, null, Clock.fixed(Fixture.NOW,
                ZoneOffset.UTC), log);
        Reply reply = invoke(sample, load("global-token-revocation.json"));

        assertThat(reply.status()).as(reply.rawBody()).isEqualTo(204);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        Map<String, AttributeValue> marker = marker("default", "user-alice");
        assertThat(marker.get(TokenTable.REVOKED_BY).s()).isEqualTo("universal-logout");
        assertThat(marker.get(TokenTable.SOURCE).s()).isEqualTo("GLOBAL_TOKEN_REVOCATION");
        assertThat(marker.get(TokenTable.REVOKED_BEFORE).n()).isEqualTo(Long.toString(Fixture.NOW.getEpochSecond()
                + 1 + 30));
    }

    @Test
    void anAdminOfTheNamedIssuerRevokesItsUser() {
        Reply reply = revoke("workforce", "idp-admin", "openid " + ADMIN, issSub(WORKFORCE, "alice"));

        assertThat(reply.status()).as(reply.rawBody()).isEqualTo(204);
        assertThat(marker("workforce", "alice").get(TokenTable.REVOKED_BY).s()).isEqualTo("idp-admin");
        assertThat(marker("partner", "alice")).isEmpty();
        assertThat(log.joined()).contains("\"route\":\"POST /global-token-revocation\"")
                .contains("\"outcome\":\"REVOKED\"").contains("\"targetSub\":\"alice\"");
        assertThat(log.metric("IdpRevocations", Map.of("Function", "RevokeApiFunction",
                "Source", "GLOBAL_TOKEN_REVOCATION", "Result", "WRITTEN"))).isEqualTo(1);
        // an identity provider's revocation is not counted again as a revocation of the shared routes
        assertThat(log.joined()).doesNotContain("\"Revocations\"");
    }

    @Test
    void withoutTheAdminScopeEvenTheUserItselfIsForbidden() {
        Reply self = revoke("workforce", "alice", "openid", issSub(WORKFORCE, "alice"));
        Reply other = revoke("workforce", "alice", "openid", issSub(WORKFORCE, "bob"));

        assertThat(self.status()).isEqualTo(403);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.rawBody()).isEqualTo(self.rawBody());
        assertThat(log.metric("IdpRevocations", Map.of("Function", "RevokeApiFunction",
                "Source", "GLOBAL_TOKEN_REVOCATION", "Result", "FORBIDDEN"))).isEqualTo(2);
        assertThat(marker("workforce", "alice")).isEmpty();
        assertThat(marker("workforce", "bob")).isEmpty();
    }

    @Test
    void anotherIssuersUserNeedsCrossIssuerAdmin() {
        assertThat(revoke("workforce", "idp-admin", ADMIN, issSub(PARTNER, "alice")).status()).isEqualTo(403);
        assertThat(marker("partner", "alice")).isEmpty();

        Reply cross = revoke("ops", "oncall", ADMIN, issSub(PARTNER, "alice"));
        assertThat(cross.status()).as(cross.rawBody()).isEqualTo(204);
        assertThat(marker("partner", "alice").get(TokenTable.REVOKED_BY).s()).isEqualTo("oncall");
    }

    @Test
    void anUntrustedIssuerIsUserNotFoundOnlyForThoseWhoMayLookBeyondTheirIssuer() {
        assertThat(revoke("workforce", "idp-admin", ADMIN, issSub("https://elsewhere.example/", "alice")).status())
                .isEqualTo(403);
        Reply cross = revoke("ops", "oncall", ADMIN, issSub("https://elsewhere.example/", "alice"));
        assertThat(cross.status()).isEqualTo(404);
        assertThat(cross.text("error")).isEqualTo("user_not_found");
    }

    @Test
    void anOpaqueIdIsASubOfTheCallersOwnIssuer() {
        Reply reply = revoke("partner", "idp-admin", ADMIN, "{\"format\":\"opaque\",\"id\":\"carol\"}");

        assertThat(reply.status()).as(reply.rawBody()).isEqualTo(204);
        assertThat(marker("partner", "carol")).isNotEmpty();
        assertThat(marker("workforce", "carol")).isEmpty();
    }

    @Test
    void formatsThatNameNoSubAndMalformedBodiesAre400() {
        for (String subId : List.of("{\"format\":\"email\",\"email\":\"alice@example.com\"}",
                "{\"format\":\"iss_sub\",\"iss\":\"" + WORKFORCE + "\"}",
                "{\"format\":\"iss_sub\",\"iss\":\"" + WORKFORCE + "\",\"sub\":\"alice\",\"email\":\"a@b.c\"}",
                "{\"format\":\"opaque\",\"id\":\"\"}", "\"alice\"", "{\"format\":\"opaque\",\"id\":7}",
                "{\"format\":\"phone_number\",\"phone_number\":\"+12065550100\"}")) {
            Reply reply = revoke("workforce", "idp-admin", ADMIN, subId);
            assertThat(reply.status()).as(subId + " -> " + reply.rawBody()).isEqualTo(400);
        }
        ObjectNode noSubId = asCaller(load("global-token-revocation.json"), "workforce", "idp-admin", ADMIN);
        assertThat(invoke(handler, withBody(noSubId, "{}")).status()).isEqualTo(400);
        assertThat(dynamo.scan(r -> r.tableName(table)).count()).isZero();
    }

    @Test
    void aWriteThatFailsIs422AndConfirmsNothing() {
        handler = handlerFor(table + "-missing");

        Reply reply = revoke("workforce", "idp-admin", ADMIN, issSub(WORKFORCE, "alice"));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.text("error")).isEqualTo("unable_to_process");
    }

    @Test
    void withoutTheAuthorizersCallerTheRouteIsForbidden() {
        ObjectNode event = load("global-token-revocation.json");
        ((ObjectNode) event.get("requestContext")).remove("authorizer");
        assertThat(invoke(handler, event).status()).isEqualTo(403);
    }
}

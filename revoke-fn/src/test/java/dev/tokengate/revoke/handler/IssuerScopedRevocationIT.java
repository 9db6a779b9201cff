package dev.tokengate.revoke.handler;

import static dev.tokengate.revoke.handler.ProxyEvents.asCaller;
import static dev.tokengate.revoke.handler.ProxyEvents.invoke;
import static dev.tokengate.revoke.handler.ProxyEvents.load;
import static dev.tokengate.revoke.handler.ProxyEvents.route;
import static dev.tokengate.revoke.handler.ProxyEvents.withBody;
import static dev.tokengate.revoke.handler.ProxyEvents.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.revoke.config.RevokeConfig;
import dev.tokengate.revoke.handler.ProxyEvents.Reply;
import dev.tokengate.revoke.testing.CapturingLog;
import dev.tokengate.revoke.testing.Fixture;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Revocation scoped to the issuer, on moto: three profiles; {@code ops} may administer other issuers
 * ({@code crossIssuerAdmin}), {@code workforce} and {@code partner} may not. An admin acts on its own issuer's users;
 * another issuer's only with {@code crossIssuerAdmin} and by naming it; everything else is the same 403.
 */
@ExtendWith(MotoExtension.class)
class IssuerScopedRevocationIT {
    private static final String ADMIN = "tokengate:admin";
    private static final RSAKey WORKFORCE_KEY = TestKeys.rsa("wf");
    private static final RSAKey PARTNER_KEY = TestKeys.rsa("pt");
    private static final RSAKey OPS_KEY = TestKeys.rsa("ops");

    private final CapturingLog log = new CapturingLog();
    private DynamoDbClient dynamo;
    private String table;
    private RevokeApiHandler handler;

    @BeforeEach
    void setUp(MotoServer moto) {
        dynamo = moto.dynamoDb();
        table = moto.createTable("tokens-" + UUID.randomUUID(), "PK", "SK", "ttl", true);
        String profiles = "[" + profile("workforce", WORKFORCE_KEY, false) + "," + profile("partner", PARTNER_KEY, false)
                + "," + profile("ops", OPS_KEY, true) + "]";
        RevokeConfig config = RevokeConfig.fromEnvironment(Map.of("TOKEN_TABLE", table, "AWS_REGION", "us-east-1",
                "TRUSTED_ISSUERS", profiles));
        handler = new RevokeApiHandler(config, dynamo, null, Clock.fixed(Fixture.NOW, ZoneOffset.UTC), log);
    }

    @AfterEach
    void tearDown() {
        dynamo.close();
    }

    private static String profile(String id, RSAKey key, boolean crossIssuerAdmin) {
        return "{\"id\":\"" + id + "\",\"issuer\":\"https://" + id + ".example.com/\",\"audiences\":[\"orders-api\"],"
                + "\"jwks\":" + TestKeys.publicJson(key) + ",\"crossIssuerAdmin\":" + crossIssuerAdmin + "}";
    }

    private Reply revokeAll(String callerIssuer, String caller, String scope, String targetSub, String targetIssuer) {
        ObjectNode event = asCaller(route(load("revoke-all-own.json"), "POST", "/users/" + targetSub + "/revoke-all"),
                callerIssuer, caller, scope);
        event.putObject("pathParameters").put("sub", targetSub);
        withQuery(event, targetIssuer == null ? Map.of() : Map.of("issuerId", targetIssuer));
        return invoke(handler, withBody(event, "{\"reason\":\"incident\"}"));
    }

    private Map<String, AttributeValue> marker(String issuerId, String sub) {
        return dynamo.getItem(r -> r.tableName(table).key(TokenTable.revokedBeforeKey(new Principal(issuerId, sub)))
                .consistentRead(true)).item();
    }

    @Test
    void anAdminRevokesAllOfAUserOfItsOwnIssuerOnly() {
        Reply reply = revokeAll("workforce", "admin-1", ADMIN, "alice", null);

        assertThat(reply.status()).as(reply.rawBody()).isEqualTo(200);
        assertThat(reply.text("issuerId")).isEqualTo("workforce");
        assertThat(marker("workforce", "alice")).isNotEmpty();
        // alice of the partner IdP is someone else: untouched
        assertThat(marker("partner", "alice")).isEmpty();
    }

    @Test
    void anAdminWithoutCrossIssuerAdminGetsTheSame403OnAnotherIssuer() {
        Reply reply = revokeAll("workforce", "admin-1", ADMIN, "alice", "partner");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.text("message")).isEqualTo("the caller may not act on this user's tokens");
        assertThat(marker("partner", "alice")).isEmpty();
    }

    @Test
    void aCrossIssuerAdminActsOnAnotherIssuerByNamingIt() {
        Reply reply = revokeAll("ops", "oncall", ADMIN, "alice", "partner");

        assertThat(reply.status()).as(reply.rawBody()).isEqualTo(200);
        assertThat(reply.text("issuerId")).isEqualTo("partner");
        assertThat(marker("partner", "alice").get("revokedBy").s()).isEqualTo("oncall");
        assertThat(marker("ops", "alice")).isEmpty();
        assertThat(marker("workforce", "alice")).isEmpty();
    }

    @Test
    void namingAnotherIssuerIsNeverEnoughWithoutTheAdminScope() {
        // alice of partner may not reach alice of workforce by naming it, cross-issuer profile or not
        assertThat(revokeAll("partner", "alice", "openid", "alice", "workforce").status()).isEqualTo(403);
        assertThat(revokeAll("ops", "alice", "openid", "alice", "workforce").status()).isEqualTo(403);
        assertThat(marker("workforce", "alice")).isEmpty();
    }

    @Test
    void anUnknownOrMalformedIssuerIdIsABadRequestForACrossIssuerAdmin() {
        assertThat(revokeAll("ops", "oncall", ADMIN, "alice", "nobody").status()).isEqualTo(400);
        Reply malformed = revokeAll("ops", "oncall", ADMIN, "alice", "Bad#Id");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.text("field")).isEqualTo("issuerId");
    }

    @Test
    void aPresentedTokenIsRevokedInItsOwnIssuersNamespace() {
        String partnerToken = TestTokens.valid("https://partner.example.com/", "orders-api", Fixture.NOW)
                .subject("alice").tokenId("p-1").sign(PARTNER_KEY);
        ObjectNode byWorkforceAdmin = asCaller(load("revoke-presented-token.json"), "workforce", "admin-1", ADMIN);
        assertThat(invoke(handler, withBody(byWorkforceAdmin, "{\"token\":\"" + partnerToken + "\"}")).status())
                .isEqualTo(403);
        ObjectNode byOwner = asCaller(load("revoke-presented-token.json"), "partner", "alice", "openid");
        Reply reply = invoke(handler, withBody(byOwner, "{\"token\":\"" + partnerToken + "\"}"));

        assertThat(reply.status()).as(reply.rawBody()).isEqualTo(200);
        assertThat(dynamo.getItem(r -> r.tableName(table).key(TokenTable.tokenKey(new Principal("partner", "alice"),
                "p-1")).consistentRead(true)).item().get("revoked").bool()).isTrue();
    }

    /**
     * {@code sub} is unique only per issuer: a cross-issuer admin whose {@code sub} is the owner's is still not the
     * owner, so the owner sees "administrator" and no reason, as for any other admin's revocation.
     */
    @Test
    void anAdminOfAnotherIssuerWithTheOwnersSubIsShownToTheOwnerAsAnAdministrator() {
        ObjectNode state = load("get-token-state.json");
        String jti = state.path("pathParameters").path("jti").asText();
        ObjectNode byAdmin = asCaller(load("revoke-own-token.json"), "ops", "alice", ADMIN);
        Reply revoked = invoke(handler, withBody(byAdmin, "{\"sub\":\"alice\",\"jti\":\"" + jti
                + "\",\"issuerId\":\"partner\",\"reason\":\"fraud case 4711\"}"));
        assertThat(revoked.status()).as(revoked.rawBody()).isEqualTo(200);
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(TokenTable.tokenKey(
                new Principal("partner", "alice"), jti)).consistentRead(true)).item();
        assertThat(item.get(TokenTable.REVOKED_BY).s()).isEqualTo("alice");
        assertThat(item.get(TokenTable.REVOKED_BY_ISSUER_ID).s()).isEqualTo("ops");

        ObjectNode byOwner = asCaller(withQuery(state, Map.of("sub", "alice")), "partner", "alice", "openid");
        Reply seen = invoke(handler, byOwner);

        assertThat(seen.status()).as(seen.rawBody()).isEqualTo(200);
        assertThat(seen.text("revokedBy")).isEqualTo("administrator");
        assertThat(seen.body().has("reason")).isFalse();
        assertThat(seen.rawBody()).doesNotContain("fraud case");

        // the owner's own revocation, in its own issuer, is still shown in full
        ObjectNode own = asCaller(load("revoke-own-token.json"), "partner", "alice", "openid");
        ((ObjectNode) own.path("requestContext").path("authorizer")).put("jti", "own-1");
        Reply mine = invoke(handler, withBody(own, "{\"sub\":\"alice\",\"jti\":\"own-1\",\"reason\":\"lost phone\"}"));
        assertThat(mine.status()).as(mine.rawBody()).isEqualTo(200);
        assertThat(mine.text("revokedBy")).isEqualTo("alice");
        assertThat(mine.text("reason")).isEqualTo("lost phone");
    }

    @Test
    void aRevocationByIdNamesTheTargetIssuerInTheBody() {
        ObjectNode event = asCaller(load("revoke-own-token.json"), "ops", "oncall", ADMIN);
        Reply reply = invoke(handler, withBody(event, "{\"sub\":\"bob\",\"jti\":\"j-9\",\"issuerId\":\"workforce\"}"));

        assertThat(reply.status()).as(reply.rawBody()).isEqualTo(200);
        assertThat(dynamo.getItem(r -> r.tableName(table).key(TokenTable.tokenKey(new Principal("workforce", "bob"),
                "j-9")).consistentRead(true)).item()).isNotEmpty();
    }
}

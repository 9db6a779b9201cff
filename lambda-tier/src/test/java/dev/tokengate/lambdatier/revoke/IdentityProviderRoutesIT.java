package dev.tokengate.lambdatier.revoke;

import static dev.tokengate.lambdatier.fixture.SignedTraffic.assertSignedRequests;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.Session;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.lambdatier.dynamodb.DynamoDbRequests;
import dev.tokengate.lambdatier.fixture.Events;
import dev.tokengate.lambdatier.fixture.TierTables;
import dev.tokengate.lambdatier.sandbox.Invocation;
import dev.tokengate.lambdatier.sandbox.LambdaSandbox;
import dev.tokengate.lambdatier.template.StackParameters;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The revocation API's identity-provider routes in its zip under the real runtime client, SnapStart as published,
 * with a TrustedIssuers profile that enables the back-channel logout receiver: a logout token delivered without any
 * authorizer context ends the user's and the session's tokens, signed DynamoDB writes only; an admin's global token
 * revocation answers 204.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityProviderRoutesIT {
    static final String ISSUER = "https://login.lambda-tier.test/realms/staff";
    static final String RP = "tokengate-rp";
    private final ECKey key = TestKeys.ec("lambda-tier-idp");
    private MotoServer moto;
    private String tokenTable;
    private LambdaSandbox revokeApi;

    @BeforeAll
    void start(MotoServer moto) {
        this.moto = moto;
        tokenTable = TierTables.tokenTable(moto, "lambda-tier-idp");
        String profiles = "[{\"id\":\"staff\",\"issuer\":\"" + ISSUER + "\",\"jwks\":" + TestKeys.publicJson(key)
                + ",\"audiences\":[\"orders-api\"],\"backchannelLogout\":{\"audiences\":[\"" + RP + "\"]}}]";
        revokeApi = LambdaSandbox.function("RevokeApiFunction")
                .parameters(StackParameters.of(Map.of("TrustedIssuers", profiles)))
                .tokenTableOn(moto, tokenTable)
                .start();
    }

    @AfterAll
    void stop() {
        if (revokeApi != null) {
            revokeApi.close();
        }
    }

    @Test
    void aBackChannelLogoutWithoutAnyAuthorizerContextEndsTheUsersAndTheSessionsTokens() {
        String sub = "user-" + UUID.randomUUID();
        String logoutToken = TestTokens.logout(ISSUER, RP, sub, Instant.now()).claim("sid", "sid-" + sub).sign(key);
        ObjectNode event = Events.load("revoke-fn", "backchannel-logout.json");
        event.put("path", "/backchannel-logout/staff");
        event.putObject("pathParameters").put("issuerId", "staff");
        event.put("body", "logout_token=" + URLEncoder.encode(logoutToken, StandardCharsets.UTF_8));
        DynamoDbRequests.Window traffic = revokeApi.dynamoDb().window();

        Invocation invocation = revokeApi.invoke(event);

        assertThat(invocation.response().path("statusCode").asInt()).as(invocation::report).isEqualTo(200);
        assertThat(invocation.response().path("multiValueHeaders").path("Cache-Control").get(0).asText())
                .isEqualTo("no-store");
        assertThat(item(TokenTable.revokedBeforeKey(new Principal("staff", sub))).get(TokenTable.REVOKED_BY).s())
                .isEqualTo(ISSUER);
        assertThat(item(TokenTable.sessionKey(new Session("staff", "sid-" + sub))).get(TokenTable.REVOKED))
                .isEqualTo(AttributeValue.fromBool(true));
        // the replay claim, the revoke-all, the session, the claim marked done: four conditional writes, each signed
        assertSignedRequests(revokeApi, traffic.requests(), "UpdateItem", "UpdateItem", "UpdateItem", "UpdateItem");

        Invocation replay = revokeApi.invoke(event);
        assertThat(replay.response().path("statusCode").asInt()).as(replay::report).isEqualTo(400);
        assertThat(replay.response().path("body").asText()).contains("REPLAYED");
    }

    @Test
    void anAdminsGlobalTokenRevocationAnswers204() {
        String sub = "user-" + UUID.randomUUID();
        ObjectNode event = Events.load("revoke-fn", "global-token-revocation.json");
        ObjectNode authorizer = (ObjectNode) event.path("requestContext").path("authorizer");
        authorizer.put("issuerId", "staff");
        authorizer.put("iss", ISSUER);
        event.put("body", "{\"sub_id\":{\"format\":\"iss_sub\",\"iss\":\"" + ISSUER + "\",\"sub\":\"" + sub + "\"}}");

        Invocation invocation = revokeApi.invoke(event);

        assertThat(invocation.response().path("statusCode").asInt()).as(invocation::report).isEqualTo(204);
        assertThat(item(TokenTable.revokedBeforeKey(new Principal("staff", sub))).get(TokenTable.SOURCE).s())
                .isEqualTo("GLOBAL_TOKEN_REVOCATION");
    }

    private Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
        try (DynamoDbClient dynamoDb = moto.dynamoDb()) {
            return dynamoDb.getItem(get -> get.tableName(tokenTable).key(key).consistentRead(true)).item();
        }
    }
}

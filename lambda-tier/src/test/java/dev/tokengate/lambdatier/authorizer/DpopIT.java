package dev.tokengate.lambdatier.authorizer;

import static dev.tokengate.lambdatier.fixture.SignedTraffic.assertSignedRequestsInAnyOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.lambdatier.dynamodb.DynamoDbRequests;
import dev.tokengate.lambdatier.fixture.Events;
import dev.tokengate.lambdatier.fixture.TestIssuer;
import dev.tokengate.lambdatier.fixture.TierTables;
import dev.tokengate.lambdatier.sandbox.Invocation;
import dev.tokengate.lambdatier.sandbox.LambdaSandbox;
import dev.tokengate.lambdatier.template.StackParameters;
import dev.tokengate.testkit.DpopProofs;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.TestKeys;
import dev.tokengate.testkit.TestTokens;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DPoP deployed: two authorizer sandboxes (two Lambda containers, each its own JVM restored from its SnapStart
 * checkpoint) share one token table on moto. A proof is accepted once, by either, with its conditional replay write
 * signed with the container credentials beside the revocation read; replayed to the other container it is refused.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DpopIT {
    private static final Duration LOG_WAIT = Duration.ofSeconds(10);
    /** The REST sample's API, stage and path; its event says which host the client called. */
    private static final String DOMAIN = "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com";
    private static final String REST_URL = "https://" + DOMAIN + "/prod/orders/42";
    private static final String HTTP_URL = "https://f6g7h8i9j0.execute-api.us-east-1.amazonaws.com/orders/42";

    private final TestIssuer issuer = TestIssuer.fresh();
    private final ECKey client = TestKeys.ec("lambda-tier-client");
    private MotoServer moto;
    private String tokenTable;
    private LambdaSandbox first;
    private LambdaSandbox second;

    @BeforeAll
    void start(MotoServer moto) {
        this.moto = moto;
        tokenTable = TierTables.tokenTable(moto, "lambda-tier-tokens");
        first = sandbox();
        second = sandbox();
    }

    private LambdaSandbox sandbox() {
        return LambdaSandbox.function("AuthorizerFunction")
                .parameters(StackParameters.of(issuer.parameters()))
                .tokenTableOn(moto, tokenTable)
                .start();
    }

    @AfterAll
    void stop() {
        for (LambdaSandbox sandbox : new LambdaSandbox[] {first, second}) {
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }

    private String boundToken() {
        TestTokens token = issuer.token().claim("cnf", DpopProofs.confirmation(client));
        return issuer.sign(token);
    }

    /** The REST REQUEST sample with the DPoP scheme, the proof header, and the host the client called. */
    private static ObjectNode restEvent(String token, String proof) {
        ObjectNode event = Events.withToken("authorizer", "rest-request.json", token);
        ((ObjectNode) event.path("headers")).put("Authorization", "DPoP " + token).put("DPoP", proof);
        ObjectNode multi = (ObjectNode) event.path("multiValueHeaders");
        multi.putArray("Authorization").add("DPoP " + token);
        multi.putArray("DPoP").add(proof);
        ((ObjectNode) event.path("requestContext")).put("domainName", DOMAIN);
        return event;
    }

    /** The HTTP API 2.0 sample with the DPoP scheme and proof (its requestContext names the host already). */
    private static ObjectNode httpEvent(String token, String proof) {
        ObjectNode event = Events.withToken("authorizer", "http-api-v2.json", token);
        ((ObjectNode) event.path("headers")).put("authorization", "DPoP " + token).put("dpop", proof);
        event.putArray("identitySource").add("DPoP " + token);
        return event;
    }

    @Test
    void aProofIsAcceptedOnceAndItsReplayToAnotherContainerIsRefused() {
        String token = boundToken();
        String proof = DpopProofs.of(client, "GET", REST_URL, token, Instant.now()).sign();

        DynamoDbRequests.Window firstTraffic = first.dynamoDb().window();
        Invocation accepted = first.invoke(restEvent(token, proof));
        assertThat(accepted.response().path("principalId").asText()).as(accepted::report)
                .isEqualTo(subject(token));
        assertThat(decision(first, accepted).path("outcome").asText()).isEqualTo("ALLOW");
        assertThat(decision(first, accepted).path("binding").asText()).isEqualTo("dpop");
        assertSignedRequestsInAnyOrder(first, firstTraffic.requests(), "PutItem", "BatchGetItem");

        DynamoDbRequests.Window secondTraffic = second.dynamoDb().window();
        Invocation replayed = second.invoke(restEvent(token, proof));
        assertThat(replayed.error().errorMessage()).as(replayed::report).isEqualTo("Unauthorized");
        assertThat(decision(second, replayed).path("reason").asText()).isEqualTo("DPOP_PROOF_REPLAYED");
        assertSignedRequestsInAnyOrder(second, secondTraffic.requests(), "PutItem", "BatchGetItem");

        try (DynamoDbClient dynamoDb = moto.dynamoDb()) {
            assertThat(dynamoDb.scan(b -> b.tableName(tokenTable)).items())
                    .filteredOn(item -> item.get(TokenTable.PARTITION_KEY).s().startsWith(
                            TokenTable.REPLAY_PREFIX + "dpop#default#" + DpopProofs.thumbprint(client)))
                    .hasSize(1);
        }
    }

    @Test
    void anHttpApiDecisionWithAFreshProofIsAllowedAndTheStolenTokenAloneIsNot() {
        String token = boundToken();

        Invocation allowed = second.invoke(httpEvent(token, DpopProofs.of(client, "GET", HTTP_URL, token,
                Instant.now()).sign()));
        assertThat(allowed.response().path("isAuthorized").asBoolean(false)).as(allowed::report).isTrue();

        ECKey thief = TestKeys.ec("thief");
        Invocation stolen = first.invoke(httpEvent(token, DpopProofs.of(thief, "GET", HTTP_URL, token,
                Instant.now()).sign()));
        assertThat(stolen.response().path("isAuthorized").asBoolean(true)).as(stolen::report).isFalse();
        assertThat(decision(first, stolen).path("reason").asText()).isEqualTo("DPOP_KEY_MISMATCH");
    }

    @Test
    void bothContainersPrimedTheDpopPathBeforeTheirSnapshot() {
        for (LambdaSandbox sandbox : List.of(first, second)) {
            JsonNode primed = sandbox.logs().await("authorizer.snapstart beforeCheckpoint",
                    line -> "authorizer.snapstart".equals(line.path("event").asText())
                            && "beforeCheckpoint".equals(line.path("phase").asText()), LOG_WAIT);
            assertThat(primed.path("dpopPriming").asText()).as(sandbox::report).isEqualTo("ALLOW");
        }
    }

    private static JsonNode decision(LambdaSandbox sandbox, Invocation invocation) {
        return sandbox.logs().await("authorizer.decision of request " + invocation.requestId(),
                line -> "authorizer.decision".equals(line.path("event").asText())
                        && invocation.requestId().equals(line.path("requestId").asText()), LOG_WAIT);
    }

    private static String subject(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getSubject();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}

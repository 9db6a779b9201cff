package dev.tokengate.lambdatier.revoke;

import static dev.tokengate.lambdatier.fixture.SignedTraffic.assertSignedRequests;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.lambdatier.dynamodb.DynamoDbRequests;
import dev.tokengate.lambdatier.fixture.CredentialVariables;
import dev.tokengate.lambdatier.fixture.Events;
import dev.tokengate.lambdatier.fixture.TestIssuer;
import dev.tokengate.lambdatier.fixture.TierTables;
import dev.tokengate.lambdatier.sandbox.Invocation;
import dev.tokengate.lambdatier.sandbox.LambdaSandbox;
import dev.tokengate.lambdatier.template.StackParameters;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.emf.EmfDatapoints;
import dev.tokengate.testkit.emf.EmfValidator;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The revocation API's zip under the real runtime client, SnapStart as the template publishes it, against moto. */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevokeApiIT {
    private final TestIssuer issuer = TestIssuer.fresh();
    private MotoServer moto;
    private String tokenTable;
    private LambdaSandbox revokeApi;

    @BeforeAll
    void start(MotoServer moto) {
        this.moto = moto;
        tokenTable = TierTables.tokenTable(moto, "lambda-tier-tokens");
        revokeApi = LambdaSandbox.function("RevokeApiFunction")
                .parameters(StackParameters.of(issuer.parameters()))
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
    void revokesTheCallersOwnTokenAndWritesItsItem() {
        String sub = "user-" + UUID.randomUUID();
        String jti = UUID.randomUUID().toString();
        ObjectNode event = asCaller(Events.load("revoke-fn", "revoke-own-token.json"), sub, jti);
        event.put("body", "{\"jti\":\"" + jti + "\",\"sub\":\"" + sub + "\",\"reason\":\"lambda tier\"}");
        DynamoDbRequests.Window traffic = revokeApi.dynamoDb().window();

        Invocation invocation = revokeApi.invoke(event);

        assertThat(invocation.response().path("statusCode").asInt()).as(invocation::report).isBetween(200, 299);
        Map<String, AttributeValue> item = storedItem(TokenTable.tokenKey(new Principal("default", sub), jti));
        assertThat(item.get(TokenTable.REVOKED)).as(invocation::report).isEqualTo(AttributeValue.fromBool(true));
        assertThat(item.get(TokenTable.REVOKED_BY)).isEqualTo(AttributeValue.fromS(sub));
        assertSignedRequests(revokeApi, traffic.requests(), "UpdateItem");
        // the line is printed before the answer, but read from the pipe on another thread
        revokeApi.logs().await("revoke_request of " + jti, l -> l.path("event").asText().equals("revoke_request")
                && l.toString().contains(jti), Duration.ofSeconds(10));
        String line = revokeApi.logs().all().stream().filter(l -> l.contains("\"event\":\"revoke_request\"")
                && l.contains(jti)).findFirst().orElseThrow(() -> new AssertionError(revokeApi.report()));
        EmfValidator.assertValid(line);
        assertThat(EmfDatapoints.read(line)).as("the function's name comes from the Lambda context")
                .filteredOn(p -> p.metric().equals("Revocations")).singleElement()
                .satisfies(p -> assertThat(p.dimensions()).containsEntry("Function", revokeApi.function().name())
                        .containsEntry("Kind", "TOKEN").containsEntry("Result", "WRITTEN"));
    }

    @Test
    void runsWithoutAnyCredentialVariable() {
        CredentialVariables.assertContainerCredentialsOnly(revokeApi);
    }

    @Test
    void startsWithoutSlf4jWarnings() {
        // the container logs through SLF4J; without a provider every cold start printed three warning lines
        assertThat(revokeApi.logs().all()).as(revokeApi.logs()::report).noneMatch(line -> line.contains("SLF4J"));
    }

    /** The caller as the tokengate authorizer describes it to API Gateway (principalId plus its context). */
    private ObjectNode asCaller(ObjectNode event, String sub, String jti) {
        ObjectNode authorizer = ((ObjectNode) event.get("requestContext")).putObject("authorizer");
        authorizer.put("principalId", sub);
        authorizer.put("sub", sub);
        authorizer.put("issuerId", "default");
        authorizer.put("jti", jti);
        authorizer.put("scope", "openid");
        authorizer.put("client_id", "lambda-tier");
        authorizer.put("iss", issuer.issuer());
        authorizer.put("integrationLatency", 5);
        return event;
    }

    private Map<String, AttributeValue> storedItem(Map<String, AttributeValue> key) {
        try (DynamoDbClient dynamoDb = moto.dynamoDb()) {
            return dynamoDb.getItem(get -> get.tableName(tokenTable).key(key).consistentRead(true)).item();
        }
    }
}

package dev.tokengate.lambdatier.audit;

import static dev.tokengate.lambdatier.fixture.SignedTraffic.assertSignedRequests;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokengate.core.table.AuditTable;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.RevocationKind;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.lambdatier.dynamodb.DynamoDbRequests;
import dev.tokengate.lambdatier.fixture.CredentialVariables;
import dev.tokengate.lambdatier.fixture.Events;
import dev.tokengate.lambdatier.sandbox.InitType;
import dev.tokengate.lambdatier.sandbox.Invocation;
import dev.tokengate.lambdatier.sandbox.LambdaSandbox;
import dev.tokengate.lambdatier.template.StackParameters;
import dev.tokengate.testkit.MotoExtension;
import dev.tokengate.testkit.MotoServer;
import dev.tokengate.testkit.emf.EmfDatapoints;
import dev.tokengate.testkit.emf.EmfValidator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The stream function's zip under the real runtime client: on demand (no SnapStart), credentials in the environment. */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditStreamIT {
    private MotoServer moto;
    private String auditTable;
    private LambdaSandbox audit;

    @BeforeAll
    void start(MotoServer moto) {
        this.moto = moto;
        auditTable = moto.createTable("lambda-tier-audit-" + UUID.randomUUID(), AuditTable.PARTITION_KEY,
                AuditTable.SORT_KEY, AuditTable.TTL, false);
        audit = LambdaSandbox.function("AuditStreamFunction")
                .parameters(StackParameters.of(Map.of()))
                .resource("AuditTable", auditTable)
                .dynamoDb(moto.endpoint())
                .region(MotoServer.REGION.id())
                .start();
    }

    @AfterAll
    void stop() {
        if (audit != null) {
            audit.close();
        }
    }

    @Test
    void auditsAStreamBatchIntoTheAuditTable() {
        String sub = "user-" + UUID.randomUUID();
        String jti = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString().replace("-", "");
        DynamoDbRequests.Window traffic = audit.dynamoDb().window();
        int linesBefore = audit.logs().size();

        Invocation invocation = audit.invoke(revokedTokenRecord(eventId, sub, jti));

        assertThat(invocation.response().path("batchItemFailures")).as(invocation::report).isEmpty();
        List<Map<String, AttributeValue>> items = auditItems(eventId);
        assertThat(items).as(invocation::report).hasSize(1);
        assertThat(items.get(0).get(AuditTable.KIND)).isEqualTo(AttributeValue.fromS("REVOKED"));
        assertThat(items.get(0).get(AuditTable.SUB)).isEqualTo(AttributeValue.fromS(sub));
        assertThat(items.get(0).get(AuditTable.JTI)).isEqualTo(AttributeValue.fromS(jti));
        assertSignedRequests(audit, traffic.requests(), "PutItem");
        // the line is printed before the answer, but read from the pipe on another thread
        audit.logs().awaitFrom(linesBefore, "audit.batch of this invocation",
                l -> l.path("event").asText().equals("audit.batch"), Duration.ofSeconds(10));
        List<String> printed = audit.logs().all();
        String batch = printed.subList(linesBefore, printed.size()).stream()
                .filter(l -> l.contains("\"event\":\"audit.batch\"")).findFirst().orElseThrow();
        EmfValidator.assertValid(batch);
        assertThat(EmfDatapoints.read(batch)).filteredOn(p -> p.metric().equals("REVOKED")).singleElement()
                .satisfies(p -> assertThat(p.dimensions()).containsEntry("Function", audit.function().name()));
    }

    @Test
    void runsOnDemandWithTheRoleCredentialsInItsEnvironment() {
        assertThat(audit.initType()).isEqualTo(InitType.ON_DEMAND);
        CredentialVariables.assertEnvironmentCredentialsOnly(audit);
    }

    /** The sample MODIFY record of a revocation, for a token of this test's own. */
    private static ObjectNode revokedTokenRecord(String eventId, String sub, String jti) {
        ObjectNode event = Events.load("ttl-cleanup-fn", "token-revoked.json");
        ObjectNode record = (ObjectNode) event.get("Records").get(0);
        record.put("eventID", eventId);
        ObjectNode change = (ObjectNode) record.get("dynamodb");
        for (String image : List.of("Keys", "NewImage", "OldImage")) {
            ObjectNode attributes = (ObjectNode) change.get(image);
            attributes.putObject(TokenTable.PARTITION_KEY).put("S", TokenTable.userPartition(new Principal("default", sub)));
            attributes.putObject(TokenTable.SORT_KEY).put("S", RevocationKind.TOKEN.sortKey(jti));
            if (!image.equals("Keys")) {
                attributes.putObject(TokenTable.SUB).put("S", sub);
                attributes.putObject(TokenTable.JTI).put("S", jti);
            }
        }
        ((ObjectNode) change.get("NewImage")).putObject(TokenTable.REVOKED_BY).put("S", sub);
        return event;
    }

    private List<Map<String, AttributeValue>> auditItems(String eventId) {
        try (DynamoDbClient dynamoDb = moto.dynamoDb()) {
            return dynamoDb.scan(scan -> scan.tableName(auditTable).consistentRead(true)
                    .filterExpression("#id = :id")
                    .expressionAttributeNames(Map.of("#id", AuditTable.EVENT_ID))
                    .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(eventId)))).items();
        }
    }
}

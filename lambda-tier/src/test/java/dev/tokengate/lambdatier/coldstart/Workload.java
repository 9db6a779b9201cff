package dev.tokengate.lambdatier.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokengate.core.table.Principal;
import dev.tokengate.core.table.RevocationKind;
import dev.tokengate.core.table.TokenTable;
import dev.tokengate.lambdatier.fixture.Events;
import dev.tokengate.lambdatier.fixture.TestIssuer;
import dev.tokengate.lambdatier.sandbox.Invocation;
import java.util.List;
import java.util.UUID;

/**
 * The one request each function gets after its cold start, fresh each time (a new token, token id, stream event id),
 * so every run does the real work: the authorizer allows a valid token after its lookup, revoke-fn makes a first
 * revocation, the audit function writes a new audit item. Each answer is checked: a fast wrong answer is no figure.
 */
enum Workload {
    /** A REST TOKEN event with a valid ES256 token: one BatchGetItem, an Allow policy. */
    AUTHORIZER("AuthorizerFunction", "BatchGetItem") {
        @Override
        JsonNode event(TestIssuer issuer) {
            return Events.withToken("authorizer", "rest-token.json", issuer.sign(issuer.token()));
        }

        @Override
        void check(Invocation invocation) {
            assertThat(invocation.response().path("policyDocument").path("Statement").findValuesAsText("Effect"))
                    .as(invocation::report).containsOnly("Allow");
        }
    },
    /** POST /revocations of the caller's own token: one conditional UpdateItem, 200. */
    REVOKE_API("RevokeApiFunction", "UpdateItem") {
        @Override
        JsonNode event(TestIssuer issuer) {
            String sub = "cold-" + UUID.randomUUID();
            String jti = UUID.randomUUID().toString();
            ObjectNode event = Events.load("revoke-fn", "revoke-own-token.json");
            ObjectNode caller = ((ObjectNode) event.get("requestContext")).putObject("authorizer");
            caller.put("principalId", sub);
            caller.put("sub", sub);
            caller.put("issuerId", "default");
            caller.put("jti", jti);
            caller.put("scope", "openid");
            caller.put("client_id", "cold-start");
            caller.put("iss", issuer.issuer());
            event.put("body", "{\"jti\":\"" + jti + "\",\"sub\":\"" + sub + "\",\"reason\":\"cold start\"}");
            return event;
        }

        @Override
        void check(Invocation invocation) {
            assertThat(invocation.response().path("statusCode").asInt()).as(invocation::report).isEqualTo(200);
        }
    },
    /** One stream record of a token revocation: one PutItem into the audit table, no batch item failure. */
    AUDIT_STREAM("AuditStreamFunction", "PutItem") {
        @Override
        JsonNode event(TestIssuer issuer) {
            String sub = "cold-" + UUID.randomUUID();
            String jti = UUID.randomUUID().toString();
            ObjectNode event = Events.load("ttl-cleanup-fn", "token-revoked.json");
            ObjectNode record = (ObjectNode) event.get("Records").get(0);
            record.put("eventID", UUID.randomUUID().toString().replace("-", ""));
            ObjectNode change = (ObjectNode) record.get("dynamodb");
            for (String image : List.of("Keys", "NewImage", "OldImage")) {
                ObjectNode attributes = (ObjectNode) change.get(image);
                attributes.putObject(TokenTable.PARTITION_KEY)
                        .put("S", TokenTable.userPartition(new Principal("default", sub)));
                attributes.putObject(TokenTable.SORT_KEY).put("S", RevocationKind.TOKEN.sortKey(jti));
                if (!image.equals("Keys")) {
                    attributes.putObject(TokenTable.SUB).put("S", sub);
                    attributes.putObject(TokenTable.JTI).put("S", jti);
                }
            }
            ((ObjectNode) change.get("NewImage")).putObject(TokenTable.REVOKED_BY).put("S", sub);
            return event;
        }

        @Override
        void check(Invocation invocation) {
            assertThat(invocation.response().path("batchItemFailures")).as(invocation::report).isEmpty();
        }
    };

    final String logicalId;
    /** The one DynamoDB operation the request makes. */
    final String operation;

    Workload(String logicalId, String operation) {
        this.logicalId = logicalId;
        this.operation = operation;
    }

    abstract JsonNode event(TestIssuer issuer);

    /** Fails unless the function gave the answer this work should get. */
    abstract void check(Invocation invocation);
}

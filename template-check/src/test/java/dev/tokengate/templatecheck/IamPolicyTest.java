package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokengate.testkit.template.Intrinsics;
import dev.tokengate.testkit.template.SamTransform;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Least privilege, asserted on the CloudFormation the SAM transform generates, evaluated for concrete parameter
 * values: every statement's actions and resources are exactly the allowed set, on exact ARNs.
 */
class IamPolicyTest {
    static final String API_GATEWAY_PUSH_TO_LOGS =
            "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs";

    static final String TOKEN_TABLE = "getatt:TokenTable.Arn";
    static final String TOKEN_TABLE_STREAM = "getatt:TokenTable.StreamArn";
    static final String TOKEN_TABLE_STREAMS = "getatt:TokenTable.Arn/stream/*";
    static final String AUDIT_TABLE = "getatt:AuditTable.Arn";

    static final Map<String, String> DEFAULTS = Map.of();
    static final Map<String, String> TWO_FLUSH_TARGETS =
            Map.of("AuthorizerCacheFlushTargets", "rest:abcdefghij/prod,http:klmnopqrst/$default");
    static final Map<String, String> THREE_FLUSH_TARGETS =
            Map.of("AuthorizerCacheFlushTargets", "http:klmnopqrst/v2,rest:abcdefghij/prod,rest:uvwxyz0123/v1");
    static final Map<String, String> LOGGING_ROLE = Map.of("CreateApiGatewayLoggingRole", "true");
    static final Map<String, String> COGNITO_TWO_POOLS = Map.of("CognitoSignOutEvents", "true",
            "CognitoUserPoolIds", "eu-west-1_AbCdEf123,eu-west-1_XyZ987");
    static final List<Map<String, String>> SCENARIOS =
            List.of(DEFAULTS, TWO_FLUSH_TARGETS, THREE_FLUSH_TARGETS, LOGGING_ROLE, COGNITO_TWO_POOLS);

    /** Actions the platform performs with the function's role, not the function's code. */
    static final Set<String> PLATFORM_ACTIONS = Set.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
            "dynamodb:GetShardIterator", "dynamodb:ListStreams", "sqs:SendMessage", "logs:CreateLogStream",
            "logs:PutLogEvents");

    /** One Allow statement: its actions, its resources and its condition (JSON, "" for none), evaluated. */
    record Grant(Set<String> actions, Set<String> resources, String condition) {
        static Grant of(Set<String> actions, String... resources) {
            return new Grant(new TreeSet<>(actions), new TreeSet<>(List.of(resources)), "");
        }

        Grant when(String conditionJson) {
            return new Grant(actions, resources, conditionJson);
        }
    }

    /** The authorizer may put items only under replay-record keys, and only with a partition key in the request. */
    static final String REPLAY_RECORDS_ONLY = "{\"ForAllValues:StringLike\":{\"dynamodb:LeadingKeys\":[\"REPLAY#dpop#*\"]},"
            + "\"Null\":{\"dynamodb:LeadingKeys\":\"false\"}}";

    static Grant ownLogs(String logGroup) {
        return Grant.of(Set.of("logs:CreateLogStream", "logs:PutLogEvents"), "getatt:" + logGroup + ".Arn");
    }

    @Test
    void authorizerMayOnlyReadTheTokenTableRecordDpopProofsAndWriteItsOwnLogs() {
        assertThat(grants(DEFAULTS).get("AuthorizerRole")).containsExactlyInAnyOrder(
                ownLogs("AuthorizerLogGroup"), Grant.of(Set.of("dynamodb:BatchGetItem"), TOKEN_TABLE),
                Grant.of(Set.of("dynamodb:PutItem"), TOKEN_TABLE).when(REPLAY_RECORDS_ONLY));
    }

    @Test
    void theAuthorizersWritesCanOnlyEverBeDpopReplayRecords() {
        // The condition's prefix is the key the authorizer's code builds, read from the zip's own classes: a
        // replay record of another kind, or any revocation item, is outside it.
        String replayPrefix = authorizerConstant("dev.tokengate.authorizer.replay.ReplayKey", "DPOP_PREFIX");
        assertThat(replayPrefix).startsWith(authorizerConstant("dev.tokengate.core.table.TokenTable", "REPLAY_PREFIX"));
        assertThat(REPLAY_RECORDS_ONLY).contains("\"" + replayPrefix + "*\"");
        assertThat(replayPrefix).doesNotStartWith(authorizerConstant("dev.tokengate.core.table.TokenTable",
                "USER_PREFIX"));
    }

    private static String authorizerConstant(String className, String field) {
        try {
            Field constant = DeployedFunction.AUTHORIZER.zip().load(className).getDeclaredField(field);
            constant.setAccessible(true);
            return (String) constant.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(className + "." + field + " is not in the authorizer zip", e);
        }
    }

    @Test
    void revokeFunctionMayOnlyReadAndUpdateTheTokenTableWhenCacheFlushIsOff() {
        assertThat(grants(DEFAULTS).get("RevokeApiRole")).containsExactlyInAnyOrder(ownLogs("RevokeApiLogGroup"),
                Grant.of(Set.of("dynamodb:GetItem", "dynamodb:UpdateItem"), TOKEN_TABLE));
    }

    @Test
    void revokeFunctionMayFlushExactlyTheConfiguredStages() {
        assertThat(grants(TWO_FLUSH_TARGETS).get("RevokeApiRole")).containsExactlyInAnyOrder(
                ownLogs("RevokeApiLogGroup"),
                Grant.of(Set.of("dynamodb:GetItem", "dynamodb:UpdateItem"), TOKEN_TABLE),
                Grant.of(Set.of("apigateway:DELETE"),
                        "arn:aws:apigateway:eu-west-1::/restapis/abcdefghij/stages/prod/cache/authorizers",
                        "arn:aws:apigateway:eu-west-1::/apis/klmnopqrst/stages/$default/cache/authorizers"));
        assertThat(grants(THREE_FLUSH_TARGETS).get("RevokeApiRole")).contains(
                Grant.of(Set.of("apigateway:DELETE"),
                        "arn:aws:apigateway:eu-west-1::/apis/klmnopqrst/stages/v2/cache/authorizers",
                        "arn:aws:apigateway:eu-west-1::/restapis/abcdefghij/stages/prod/cache/authorizers",
                        "arn:aws:apigateway:eu-west-1::/restapis/uvwxyz0123/stages/v1/cache/authorizers"));
    }

    @Test
    void auditRoleReadsOnlyTheTokenStreamAndWritesOnlyTheAuditTableItsQueueAndItsLogs() {
        assertThat(grants(DEFAULTS).get("AuditStreamRole")).containsExactlyInAnyOrder(
                ownLogs("AuditStreamLogGroup"),
                Grant.of(Set.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"),
                        TOKEN_TABLE_STREAM),
                Grant.of(Set.of("dynamodb:ListStreams"), TOKEN_TABLE_STREAMS),
                Grant.of(Set.of("dynamodb:PutItem"), AUDIT_TABLE),
                Grant.of(Set.of("sqs:SendMessage"), "getatt:AuditFailureQueue.Arn"));
    }

    @Test
    void cognitoSignOutsMayOnlyWriteRevokeAllsAndReadUsersOfExactlyTheConfiguredPools() {
        assertThat(grants(COGNITO_TWO_POOLS).get("CognitoSignOutRole")).containsExactlyInAnyOrder(
                ownLogs("CognitoSignOutLogGroup"),
                Grant.of(Set.of("dynamodb:UpdateItem"), TOKEN_TABLE),
                Grant.of(Set.of("sqs:SendMessage"), "getatt:CognitoSignOutFailureQueue.Arn"),
                Grant.of(Set.of("cognito-idp:AdminGetUser"),
                        "arn:aws:cognito-idp:eu-west-1:" + Intrinsics.ACCOUNT + ":userpool/eu-west-1_AbCdEf123",
                        "arn:aws:cognito-idp:eu-west-1:" + Intrinsics.ACCOUNT + ":userpool/eu-west-1_XyZ987"));
        assertThat(grants(DeployedFunction.COGNITO_ON).get("CognitoSignOutRole")).contains(
                Grant.of(Set.of("cognito-idp:AdminGetUser"),
                        "arn:aws:cognito-idp:eu-west-1:" + Intrinsics.ACCOUNT + ":userpool/eu-west-1_AbCdEf123"));
        assertThat(grants(DEFAULTS)).doesNotContainKey("CognitoSignOutRole");
    }

    @Test
    void configDigestMayOnlyWriteItsOwnLogs() {
        // It runs at deploy time only and calls no AWS API: it answers CloudFormation on a pre-signed S3 URL.
        assertThat(grants(DEFAULTS).get("ConfigDigestRole")).containsExactly(ownLogs("ConfigDigestLogGroup"));
    }

    @Test
    void functionRolesHaveNoManagedPolicy() {
        // AWSLambdaBasicExecutionRole would allow logs:CreateLogGroup/PutLogEvents on every log group in the account.
        Intrinsics env = new Intrinsics(SamTransform.transformed(), COGNITO_TWO_POOLS);
        for (String role : List.of("AuthorizerRole", "RevokeApiRole", "AuditStreamRole", "ConfigDigestRole",
                "CognitoSignOutRole")) {
            assertThat(managedPolicies(env, role)).as(role).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void eachFunctionRunsWithItsOwnRole(DeployedFunction function) {
        JsonNode properties = SamTransform.resource(SamTransform.transformed(), function.logicalId).path("Properties");
        assertThat(new Intrinsics(SamTransform.transformed(), DEFAULTS).text(properties.path("Role")))
                .isEqualTo("getatt:" + function.role + ".Arn");
    }

    @Test
    void onlyTheFunctionRolesExistUnlessTheLoggingRoleIsRequested() {
        assertThat(roles(DEFAULTS)).containsExactlyInAnyOrder("AuthorizerRole", "RevokeApiRole", "AuditStreamRole",
                "ConfigDigestRole");
        assertThat(roles(LOGGING_ROLE)).containsExactlyInAnyOrder("AuthorizerRole", "RevokeApiRole",
                "AuditStreamRole", "ConfigDigestRole", "ApiGatewayLoggingRole");
        assertThat(roles(COGNITO_TWO_POOLS)).containsExactlyInAnyOrder("AuthorizerRole", "RevokeApiRole",
                "AuditStreamRole", "ConfigDigestRole", "CognitoSignOutRole");
        SamTransform.transformed().path("Resources").forEach(resource -> assertThat(resource.path("Type").asText())
                .as("IAM is granted only through the roles above")
                .isNotIn("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::User", "AWS::IAM::Group",
                        "AWS::IAM::AccessKey", "AWS::DynamoDB::ResourcePolicy", "AWS::SQS::QueuePolicy"));
    }

    @Test
    void apiGatewayLoggingRoleIsOnlyTheAwsPushToLogsPolicyForApiGateway() {
        Intrinsics env = new Intrinsics(SamTransform.transformed(), LOGGING_ROLE);
        JsonNode role = env.evaluate(SamTransform.resource(SamTransform.transformed(), "ApiGatewayLoggingRole"));
        assertThat(managedPolicies(env, "ApiGatewayLoggingRole")).containsExactly(API_GATEWAY_PUSH_TO_LOGS);
        assertThat(role.path("Properties").path("Policies").isMissingNode()).isTrue();
        assertThat(role.path("Properties").path("AssumeRolePolicyDocument").path("Statement").get(0)
                .path("Principal").path("Service").asText()).isEqualTo("apigateway.amazonaws.com");
    }

    @Test
    void nothingButTheAuditFunctionCanTouchTheAuditTable() {
        for (Map<String, String> scenario : SCENARIOS) {
            grants(scenario).forEach((role, grants) -> grants.stream()
                    .filter(g -> g.resources().stream().anyMatch(r -> r.contains("AuditTable")))
                    .forEach(g -> {
                        assertThat(role).isEqualTo("AuditStreamRole");
                        assertThat(g.actions()).containsExactly("dynamodb:PutItem");
                    }));
        }
    }

    @Test
    void noStatementUsesAWildcardActionOrAWildcardResource() {
        for (Map<String, String> scenario : SCENARIOS) {
            grants(scenario).forEach((role, grants) -> grants.forEach(g -> {
                assertThat(g.actions()).as(role).allSatisfy(a -> assertThat(a).doesNotContain("*"));
                // ListStreams names no single stream; it is the one resource scoped by a pattern, to this table.
                assertThat(g.resources()).as(role)
                        .allSatisfy(r -> assertThat(!r.contains("*") || r.equals(TOKEN_TABLE_STREAMS)).isTrue());
            }));
        }
    }

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void codeCallsExactlyTheAwsActionsItsRoleGrants(DeployedFunction function) {
        Set<String> used = SdkCalls.iamActions(function.zip().ownClassFiles());
        Set<String> granted = new TreeSet<>();
        Map<String, String> everything = new java.util.HashMap<>(TWO_FLUSH_TARGETS);
        everything.putAll(COGNITO_TWO_POOLS); // the optional function and its role exist
        grants(everything).get(function.role).forEach(g -> granted.addAll(g.actions()));
        Set<String> grantedForCode = new TreeSet<>(granted);
        grantedForCode.removeAll(PLATFORM_ACTIONS);

        System.out.printf("IAM %s: code calls %s; role grants %s%n", function.logicalId, used, granted);
        assertThat(granted).as("every AWS call in %s's classes needs a grant", function.module).containsAll(used);
        assertThat(used).as("every grant to %s is used by its code or by Lambda", function.logicalId)
                .containsAll(grantedForCode);
    }

    /** Role logical id -> its Allow statements, for one set of parameter values. */
    static Map<String, List<Grant>> grants(Map<String, String> parameters) {
        JsonNode template = SamTransform.transformed();
        Intrinsics env = new Intrinsics(template, parameters);
        Map<String, List<Grant>> byRole = new LinkedHashMap<>();
        template.path("Resources").fields().forEachRemaining(entry -> {
            JsonNode resource = entry.getValue();
            if (!resource.path("Type").asText().equals("AWS::IAM::Role") || !env.exists(resource)) {
                return;
            }
            List<Grant> grants = new ArrayList<>();
            JsonNode policies = env.evaluate(resource.path("Properties").path("Policies"));
            if (policies != null) {
                for (JsonNode policy : policies) {
                    JsonNode statements = policy.path("PolicyDocument").path("Statement");
                    for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
                        grants.add(grant(entry.getKey(), statement));
                    }
                }
            }
            byRole.put(entry.getKey(), grants);
        });
        return byRole;
    }

    private static Grant grant(String role, JsonNode statement) {
        assertThat(statement.path("Effect").asText()).as(role).isEqualTo("Allow");
        assertThat(statement.has("NotAction") || statement.has("NotResource") || statement.has("Principal"))
                .as("%s uses NotAction, NotResource or Principal: %s", role, statement).isFalse();
        JsonNode condition = statement.path("Condition");
        return new Grant(strings(statement.path("Action")), strings(statement.path("Resource")),
                condition.isMissingNode() ? "" : condition.toString());
    }

    private static Set<String> strings(JsonNode node) {
        Set<String> out = new TreeSet<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode()) {
            out.add(node.asText());
        }
        return out;
    }

    private static Set<String> managedPolicies(Intrinsics env, String role) {
        JsonNode arns = env.evaluate(SamTransform.resource(SamTransform.transformed(), role)
                .path("Properties").path("ManagedPolicyArns"));
        return arns == null ? Set.of() : strings(arns);
    }

    private static Set<String> roles(Map<String, String> parameters) {
        return grants(parameters).keySet();
    }
}

package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokengate.testkit.template.Intrinsics;
import dev.tokengate.testkit.template.SamTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How the functions are deployed and wired, asserted on the generated CloudFormation: runtime, logging, SnapStart
 * behind the live alias, the revocation API's authorizer, the stream's event source mapping, the outputs.
 */
class FunctionWiringTest {
    private static final String AUTHORIZER_ALIAS = "ref:AuthorizerFunctionAliaslive";

    private final JsonNode cfn = SamTransform.transformed();
    private final Intrinsics env = new Intrinsics(cfn, Map.of());

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void runsOnJava21WithJsonLogsInItsOwnLogGroupWithRetention(DeployedFunction function) {
        JsonNode properties = properties(function.logicalId);
        assertThat(properties.path("Runtime").asText()).isEqualTo("java21");
        assertThat(env.evaluate(properties.path("Architectures")).get(0).asText()).isEqualTo("arm64");
        JsonNode logging = env.evaluate(properties.path("LoggingConfig"));
        assertThat(logging.path("LogFormat").asText()).isEqualTo("JSON");
        assertThat(logging.path("ApplicationLogLevel").asText()).isEqualTo("INFO");
        assertThat(logging.path("SystemLogLevel").asText()).as("platform lines only from WARN by default")
                .isEqualTo("WARN");
        assertThat(logging.path("LogGroup").asText()).isEqualTo("ref:" + function.logGroup);
        assertThat(env.text(properties(function.logGroup).path("RetentionInDays"))).isEqualTo("90");
    }

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void apiFacingFunctionsArePublishedWithSnapStartBehindTheLiveAlias(DeployedFunction function) {
        JsonNode properties = properties(function.logicalId);
        if (!function.snapStart) {
            assertThat(properties.path("SnapStart").path("ApplyOn").asText("None")).isEqualTo("None");
            return;
        }
        assertThat(properties.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        JsonNode alias = properties(function.logicalId + "Aliaslive");
        assertThat(alias.path("Name").asText()).isEqualTo("live");
        assertThat(env.text(alias.path("FunctionName"))).isEqualTo("ref:" + function.logicalId);
        assertThat(env.text(alias.path("FunctionVersion"))).startsWith("getatt:" + function.logicalId + "Version");
    }

    @Test
    void memoryAndTimeoutAreTheDocumentedChoices() {
        assertThat(properties("AuthorizerFunction").path("MemorySize").asInt()).isEqualTo(1024);
        assertThat(properties("AuthorizerFunction").path("Timeout").asInt()).isEqualTo(8);
        assertThat(properties("RevokeApiFunction").path("MemorySize").asInt()).isEqualTo(1024);
        assertThat(properties("RevokeApiFunction").path("Timeout").asInt()).isEqualTo(20);
        assertThat(properties("AuditStreamFunction").path("MemorySize").asInt()).isEqualTo(512);
        assertThat(properties("AuditStreamFunction").path("Timeout").asInt()).isEqualTo(60);
        assertThat(properties("CognitoSignOutFunction").path("MemorySize").asInt()).isEqualTo(512);
        assertThat(properties("CognitoSignOutFunction").path("Timeout").asInt()).isEqualTo(30);
    }

    @Test
    void cognitoSignOutsAreOffByDefaultAndOnlyOnlyTheirRuleInvokesTheFunction() {
        for (String resource : List.of("CognitoSignOutFunction", "CognitoSignOutRole", "CognitoSignOutLogGroup",
                "CognitoSignOutFunctionCognitoSignOuts", "CognitoSignOutFunctionCognitoSignOutsPermission",
                "CognitoSignOutFailureQueue",
                "CognitoSignOutFailuresAlarm")) {
            JsonNode generated = SamTransform.resource(cfn, resource);
            assertThat(env.exists(generated)).as("%s by default", resource).isFalse();
            assertThat(new Intrinsics(cfn, DeployedFunction.COGNITO_ON).exists(generated)).as(resource).isTrue();
        }
        Intrinsics on = new Intrinsics(cfn, DeployedFunction.COGNITO_ON);
        JsonNode rule = on.evaluate(SamTransform.resource(cfn, "CognitoSignOutFunctionCognitoSignOuts")
                .path("Properties"));
        JsonNode pattern = rule.path("EventPattern");
        assertThat(pattern.path("source").get(0).asText()).isEqualTo("aws.cognito-idp");
        assertThat(pattern.path("detail-type").get(0).asText()).isEqualTo("AWS API Call via CloudTrail");
        assertThat(pattern.path("detail").path("eventSource").get(0).asText()).isEqualTo("cognito-idp.amazonaws.com");
        List<String> names = new ArrayList<>();
        pattern.path("detail").path("eventName").forEach(n -> names.add(n.asText()));
        assertThat(names).containsExactlyInAnyOrder("GlobalSignOut", "AdminUserGlobalSignOut", "RevokeToken");
        assertThat(pattern.path("detail").path("errorCode").get(0).path("exists").asBoolean(true)).isFalse();
        assertThat(rule.path("Targets").get(0).path("Arn").asText()).isEqualTo("getatt:CognitoSignOutFunction.Arn");
        JsonNode permission = on.evaluate(SamTransform.resource(cfn,
                "CognitoSignOutFunctionCognitoSignOutsPermission").path("Properties"));
        assertThat(permission.path("Principal").asText()).isEqualTo("events.amazonaws.com");
        assertThat(permission.path("SourceArn").asText()).isEqualTo("getatt:CognitoSignOutFunctionCognitoSignOuts.Arn");
    }

    @Test
    void aCognitoSignOutThatFailsEveryAttemptIsKeptInAnEncryptedQueueNotDropped() {
        Intrinsics on = new Intrinsics(cfn, DeployedFunction.COGNITO_ON);
        JsonNode function = on.evaluate(SamTransform.resource(cfn, "CognitoSignOutFunction").path("Properties"));
        // Lambda's dead-letter queue: after the first attempt and its two retries (Lambda's default for
        // asynchronous invocations, which is how EventBridge invokes), the event is sent there
        assertThat(function.path("DeadLetterConfig").path("TargetArn").asText())
                .isEqualTo("getatt:CognitoSignOutFailureQueue.Arn");
        JsonNode queue = on.evaluate(SamTransform.resource(cfn, "CognitoSignOutFailureQueue").path("Properties"));
        assertThat(queue.path("SqsManagedSseEnabled").asBoolean() || queue.has("KmsMasterKeyId")).isTrue();
        assertThat(queue.path("MessageRetentionPeriod").asInt()).isEqualTo(1_209_600);
        // a FIFO queue cannot be a Lambda destination
        assertThat(queue.path("FifoQueue").asBoolean(false)).isFalse();
    }

    static final String BACKCHANNEL_LOGOUT = "/backchannel-logout/{issuerId}";

    @Test
    void revocationApiIsProtectedByTheAuthorizerAliasAsARequestAuthorizerOnTheAuthorizationHeader() {
        JsonNode body = env.evaluate(properties("RevokeApi").path("Body"));
        JsonNode authorizer = body.path("components").path("securitySchemes").path("TokengateAuthorizer")
                .path("x-amazon-apigateway-authorizer");
        assertThat(authorizer.path("type").asText()).isEqualTo("request");
        assertThat(authorizer.path("identitySource").asText()).isEqualTo("method.request.header.Authorization");
        assertThat(authorizer.path("authorizerUri").asText()).isEqualTo(
                "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/" + AUTHORIZER_ALIAS + "/invocations");
        // Default 0: no API Gateway cache, so a revocation takes effect on the very next request.
        assertThat(authorizer.path("authorizerResultTtlInSeconds").isMissingNode()).isFalse();
        assertThat(authorizer.path("authorizerResultTtlInSeconds").asInt(-1)).isZero();

        List<String> routes = new ArrayList<>();
        body.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            routes.add(op.getKey().toUpperCase() + " " + path.getKey());
            if (path.getKey().equals(BACKCHANNEL_LOGOUT)) {
                // the one route without the authorizer: the logout token in its body is the credential
                assertThat(op.getValue().path("security").get(0).has("TokengateAuthorizer"))
                        .as("%s %s has no authorizer", op.getKey(), path.getKey()).isFalse();
                assertThat(op.getValue().path("security").get(0).has("NONE")).isTrue();
            } else {
                assertThat(op.getValue().path("security").get(0).has("TokengateAuthorizer"))
                        .as("%s %s is behind the authorizer", op.getKey(), path.getKey()).isTrue();
            }
            assertThat(op.getValue().path("x-amazon-apigateway-integration").path("uri").asText())
                    .contains("ref:RevokeApiFunctionAliaslive");
        }));
        assertThat(routes).containsExactlyInAnyOrder("POST /revocations", "POST /revocations/families",
                "POST /users/{sub}/revoke-all", "GET /revocations/{jti}", "POST " + BACKCHANNEL_LOGOUT,
                "POST /global-token-revocation",
                "POST /admin/revocations", "POST /admin/revocations/families",
                "POST /admin/users/{sub}/revoke-all", "GET /admin/revocations/{jti}");

        JsonNode permission = properties("RevokeApiTokengateAuthorizerAuthorizerPermission");
        assertThat(env.text(permission.path("FunctionName"))).isEqualTo(AUTHORIZER_ALIAS);
    }

    @Test
    void authorizerResultTtlParameterReachesTheAuthorizerAndIsCappedAt300() {
        JsonNode scenario = SamTransform.translate(Map.of("ttl300", Map.of("AuthorizerResultTtlSeconds", "300")))
                .get("ttl300");
        JsonNode authorizer = new Intrinsics(scenario, Map.of("AuthorizerResultTtlSeconds", "300"))
                .evaluate(SamTransform.resource(scenario, "RevokeApi").path("Properties").path("Body"))
                .path("components").path("securitySchemes").path("TokengateAuthorizer")
                .path("x-amazon-apigateway-authorizer");
        assertThat(authorizer.path("authorizerResultTtlInSeconds").asText()).isEqualTo("300");

        // The default reaches the API definition as the same JSON type as an override (CloudFormation hands the
        // transform strings), so whatever API Gateway's importer accepts for one it accepts for the other.
        JsonNode byDefault = cfn.path("Resources").path("RevokeApi").path("Properties").path("Body")
                .path("components").path("securitySchemes").path("TokengateAuthorizer")
                .path("x-amazon-apigateway-authorizer").path("authorizerResultTtlInSeconds");
        assertThat(byDefault.getNodeType()).isEqualTo(authorizer.path("authorizerResultTtlInSeconds").getNodeType());
        assertThat(byDefault.asText()).isEqualTo("0");

        JsonNode parameter = cfn.path("Parameters").path("AuthorizerResultTtlSeconds");
        assertThat(parameter.path("Default").asInt(-1)).isZero();
        assertThat(parameter.path("MinValue").asInt(-1)).isZero();
        assertThat(parameter.path("MaxValue").asInt()).isEqualTo(300);
    }

    @Test
    void revocationApiStageIsThrottledAndWritesJsonAccessLogsWithoutCredentials() throws Exception {
        JsonNode stage = env.evaluate(properties("RevokeApiv1Stage"));
        JsonNode settings = stage.path("MethodSettings").get(0);
        assertThat(settings.path("ResourcePath").asText()).isEqualTo("/*");
        assertThat(settings.path("HttpMethod").asText()).isEqualTo("*");
        assertThat(settings.path("ThrottlingRateLimit").asText()).isEqualTo("10");
        assertThat(settings.path("ThrottlingBurstLimit").asText()).isEqualTo("20");
        // every /admin route has its own, separately tunable limit (one token bucket per method)
        List<String> adminMethods = new ArrayList<>();
        for (JsonNode method : stage.path("MethodSettings")) {
            if (method.path("ResourcePath").asText().startsWith("/~1admin~1")) {
                adminMethods.add(method.path("HttpMethod").asText() + " "
                        + method.path("ResourcePath").asText().substring(1).replace("~1", "/"));
                assertThat(method.path("ThrottlingRateLimit").asText()).isEqualTo("5");
                assertThat(method.path("ThrottlingBurstLimit").asText()).isEqualTo("10");
            }
        }
        assertThat(adminMethods).containsExactlyInAnyOrder("POST /admin/revocations",
                "POST /admin/revocations/families", "POST /admin/users/{sub}/revoke-all",
                "GET /admin/revocations/{jti}");

        JsonNode access = stage.path("AccessLogSetting");
        assertThat(access.path("DestinationArn").asText()).isEqualTo(
                "arn:aws:logs:eu-west-1:" + Intrinsics.ACCOUNT + ":log-group:ref:RevokeApiAccessLogGroup");
        JsonNode line = new ObjectMapper().readTree(access.path("Format").asText());
        assertThat(line.path("requestId").asText()).isEqualTo("$context.requestId");
        assertThat(access.path("Format").asText()).doesNotContainIgnoringCase("header")
                .doesNotContain("$input").doesNotContain("$context.identity.apiKey");
        assertThat(env.text(properties("RevokeApiAccessLogGroup").path("RetentionInDays"))).isEqualTo("90");
    }

    @Test
    void auditStreamMappingReportsPartialFailuresBisectsAndBoundsRetriesIntoAnEncryptedQueue() {
        JsonNode mapping = env.evaluate(properties("AuditStreamFunctionTokenTableStream"));
        assertThat(mapping.path("EventSourceArn").asText()).isEqualTo("getatt:TokenTable.StreamArn");
        assertThat(mapping.path("FunctionName").asText()).isEqualTo("ref:AuditStreamFunction");
        assertThat(strings(mapping.path("FunctionResponseTypes"))).containsExactly("ReportBatchItemFailures");
        assertThat(mapping.path("BisectBatchOnFunctionError").asBoolean()).isTrue();
        assertThat(mapping.path("MaximumRetryAttempts").asInt(-1)).isBetween(1, 10);
        // Bounded, and short of the stream's 24 h retention so a failed batch can still be replayed.
        assertThat(mapping.path("MaximumRecordAgeInSeconds").asInt(-1)).isBetween(60, 86_400 / 2);
        assertThat(mapping.path("StartingPosition").asText()).isEqualTo("TRIM_HORIZON");
        assertThat(mapping.path("DestinationConfig").path("OnFailure").path("Destination").asText())
                .isEqualTo("getatt:AuditFailureQueue.Arn");

        JsonNode queue = properties("AuditFailureQueue");
        assertThat(queue.path("SqsManagedSseEnabled").asBoolean() || queue.has("KmsMasterKeyId")).isTrue();
        assertThat(queue.path("MessageRetentionPeriod").asInt()).isEqualTo(1_209_600);
    }

    @Test
    void existingApisGetOneInvokePermissionEachOnTheAuthorizerAlias() {
        assertThat(permissions(Map.of())).isEmpty();
        String first = "arn:aws:execute-api:eu-west-1:123456789012:abcdefghij/authorizers/*";
        String second = "arn:aws:execute-api:eu-west-1:123456789012:klmnopqrst/authorizers/a1b2c3";
        assertThat(permissions(Map.of("ExistingApiExecutionArns", first + "," + second)))
                .containsExactlyInAnyOrder(first, second);
        String third = "arn:aws:execute-api:eu-west-1:123456789012:uvwxyz0123/*";
        assertThat(permissions(Map.of("ExistingApiExecutionArns", first + "," + second + "," + third)))
                .containsExactlyInAnyOrder(first, second, third);
    }

    @Test
    void outputsExportTheAuthorizerAliasAndNameTheTablesAndTheApi() {
        JsonNode outputs = env.evaluate(cfn.path("Outputs"));
        assertThat(outputs.path("AuthorizerFunctionAliasArn").path("Value").asText()).isEqualTo(AUTHORIZER_ALIAS);
        assertThat(outputs.path("AuthorizerFunctionAliasArn").path("Export").path("Name").asText())
                .isEqualTo("tokengate-AuthorizerFunctionAliasArn");
        assertThat(outputs.path("AuthorizerInvokeUri").path("Value").asText()).contains(AUTHORIZER_ALIAS);
        assertThat(outputs.path("TokenTableName").path("Value").asText()).isEqualTo("ref:TokenTable");
        assertThat(outputs.path("AuditTableName").path("Value").asText()).isEqualTo("ref:AuditTable");
        assertThat(outputs.path("RevokeApiUrl").path("Value").asText())
                .isEqualTo("https://ref:RevokeApi.execute-api.eu-west-1.amazonaws.com/v1");
    }

    /** SourceArns of the invoke permissions granted to existing APIs, for these parameter values. */
    private Set<String> permissions(Map<String, String> parameters) {
        Intrinsics scenario = new Intrinsics(cfn, parameters);
        Set<String> sourceArns = new TreeSet<>();
        cfn.path("Resources").fields().forEachRemaining(entry -> {
            if (entry.getKey().startsWith("ExistingApiInvokePermission") && scenario.exists(entry.getValue())) {
                JsonNode permission = scenario.evaluate(entry.getValue().path("Properties"));
                assertThat(permission.path("FunctionName").asText()).isEqualTo(AUTHORIZER_ALIAS);
                assertThat(permission.path("Principal").asText()).isEqualTo("apigateway.amazonaws.com");
                assertThat(permission.path("Action").asText()).isEqualTo("lambda:InvokeFunction");
                sourceArns.add(permission.path("SourceArn").asText());
            }
        });
        return sourceArns;
    }

    private JsonNode properties(String logicalId) {
        return SamTransform.resource(cfn, logicalId).path("Properties");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokengate.testkit.template.Intrinsics;
import dev.tokengate.testkit.template.SamTransform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Logging and refusals as an operator meets them: Lambda's advanced logging on every function with both levels from
 * parameters, no application level that would drop the lines the metrics ride on, alarm thresholds inside the limits
 * they are reasoned from, and RFC 6750 challenges on the revocation API's 401 and 403.
 */
class OperationsTemplateTest {

    @Test
    void everyFunctionLogsJsonAtTheLevelsOfTheParameters() {
        Map<String, String> values = new HashMap<>(HandlerAndConfigTest.BASE);
        values.put("LogLevel", "DEBUG");
        values.put("SystemLogLevel", "INFO");
        Intrinsics env = new Intrinsics(SamTransform.transformed(), values);
        List<String> functions = new ArrayList<>();
        SamTransform.transformed().path("Resources").fields().forEachRemaining(r -> {
            if (r.getValue().path("Type").asText().equals("AWS::Lambda::Function")) {
                functions.add(r.getKey());
                JsonNode logging = env.evaluate(r.getValue().path("Properties").path("LoggingConfig"));
                assertThat(logging.path("LogFormat").asText()).as(r.getKey()).isEqualTo("JSON");
                assertThat(logging.path("ApplicationLogLevel").asText()).as(r.getKey()).isEqualTo("DEBUG");
                assertThat(logging.path("SystemLogLevel").asText()).as(r.getKey()).isEqualTo("INFO");
                assertThat(logging.path("LogGroup").asText()).as("%s has its own log group", r.getKey())
                        .startsWith("ref:");
            }
        });
        assertThat(functions).as("the four functions and the Cognito sign-outs one").hasSize(5);
    }

    @Test
    void noApplicationLogLevelDropsTheLinesTheMetricsRideOn() {
        // Every decision, request and batch line is INFO and carries the EMF; Lambda drops lines below the level.
        JsonNode allowed = SamTransform.template().path("Parameters").path("LogLevel").path("AllowedValues");
        List<String> levels = new ArrayList<>();
        allowed.forEach(v -> levels.add(v.asText()));
        assertThat(levels).contains("INFO").doesNotContain("WARN", "ERROR", "FATAL");
    }

    @Test
    void theAuditLagAlarmFiresBeforeRecordsAgeOutOfTheStream() {
        JsonNode parameters = SamTransform.template().path("Parameters");
        JsonNode mapping = SamTransform.resource(SamTransform.template(), "AuditStreamFunction").path("Properties")
                .path("Events").path("TokenTableStream").path("Properties");
        int maxAge = mapping.path("MaximumRecordAgeInSeconds").asInt();
        assertThat(parameters.path("AuditIteratorAgeThresholdSeconds").path("MaxValue").asInt())
                .as("a lag alarm set past the record age would fire after the records went to the failure queue")
                .isLessThanOrEqualTo(maxAge);
        assertThat(parameters.path("AuditIteratorAgeThresholdSeconds").path("Default").asInt()).isLessThan(maxAge);
    }

    @Test
    void theRevocationApiChallengesLikeRfc6750() {
        JsonNode responses = SamTransform.resource(SamTransform.transformed(), "RevokeApi").path("Properties")
                .path("Body").path("x-amazon-apigateway-gateway-responses");

        assertThat(responses.path("UNAUTHORIZED").path("statusCode").asText()).isEqualTo("401");
        assertThat(responses.path("UNAUTHORIZED").path("responseParameters")
                .path("gatewayresponse.header.WWW-Authenticate").asText()).isEqualTo("'Bearer error=\"invalid_token\"'");
        assertThat(responses.path("ACCESS_DENIED").path("statusCode").asText()).isEqualTo("403");
        assertThat(responses.path("ACCESS_DENIED").path("responseParameters")
                .path("gatewayresponse.header.WWW-Authenticate").asText())
                .isEqualTo("'Bearer error=\"insufficient_scope\"'");
        for (String type : List.of("UNAUTHORIZED", "ACCESS_DENIED")) {
            assertThat(responses.path(type).path("responseTemplates").path("application/json").asText())
                    .as("%s keeps API Gateway's default body", type)
                    .isEqualTo("{\"message\":$context.error.messageString}");
        }
    }
}

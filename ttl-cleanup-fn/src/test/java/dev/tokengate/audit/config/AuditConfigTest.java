package dev.tokengate.audit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.core.config.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.Region;

class AuditConfigTest {
    private static final Map<String, String> MINIMAL = Map.of("AUDIT_TABLE", "tokengate-audit", "AWS_REGION", "eu-west-1");

    @Test
    void defaultsApplyWhenOnlyTheRequiredVariablesAreSet() {
        AuditConfig config = AuditConfig.fromEnvironment(MINIMAL);

        assertThat(config.auditTable()).isEqualTo("tokengate-audit");
        assertThat(config.retentionDays()).isEqualTo(400);
        assertThat(config.retention()).isEqualTo(Duration.ofDays(400));
        assertThat(config.region()).isEqualTo(Region.EU_WEST_1);
        assertThat(config.dynamoDbBudget()).isEqualTo(AuditConfig.DEFAULT_BUDGET);
    }

    @Test
    void retentionIsRead() {
        assertThat(AuditConfig.fromEnvironment(with("AUDIT_RETENTION_DAYS", " 30 ")).retentionDays()).isEqualTo(30);
    }

    @ParameterizedTest
    @CsvSource({
            "AUDIT_TABLE, ''",
            "AUDIT_TABLE, ab",
            "AUDIT_TABLE, 'audit table'",
            "AUDIT_TABLE, arn:aws:dynamodb:eu-west-1:1:table/x",
            "AWS_REGION, ''",
            "AWS_REGION, Europe",
            "AUDIT_RETENTION_DAYS, 0",
            "AUDIT_RETENTION_DAYS, 3651",
            "AUDIT_RETENTION_DAYS, forever",
    })
    void badValuesFailNamingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> AuditConfig.fromEnvironment(with(variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + ":");
    }

    @Test
    void everyRequiredVariableIsReportedWhenMissing() {
        for (String variable : AuditConfig.REQUIRED) {
            Map<String, String> environment = new HashMap<>(MINIMAL);
            environment.remove(variable);
            assertThatThrownBy(() -> AuditConfig.fromEnvironment(environment))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(variable + ":");
        }
    }

    @Test
    void readsTheMetricNamespaceWithItsDefault() {
        assertThat(AuditConfig.fromEnvironment(MINIMAL).metricNamespace().value()).isEqualTo("tokengate");
        Map<String, String> environment = new HashMap<>(MINIMAL);
        environment.put("METRIC_NAMESPACE", "acme/tokengate");
        assertThat(AuditConfig.fromEnvironment(environment).metricNamespace().value()).isEqualTo("acme/tokengate");
    }

    @Test
    void variablesListEverythingReadAndRequiredIsASubset() {
        assertThat(AuditConfig.VARIABLES).containsExactlyInAnyOrder("AUDIT_TABLE", "AUDIT_RETENTION_DAYS", "AWS_REGION",
                "DYNAMODB_ENDPOINT", "METRIC_NAMESPACE");
        assertThat(AuditConfig.VARIABLES).containsAll(AuditConfig.REQUIRED);
    }

    @Test
    void configIsSafeToLog() {
        assertThat(AuditConfig.fromEnvironment(MINIMAL).toString()).contains("tokengate-audit").contains("eu-west-1");
    }

    private static Map<String, String> with(String variable, String value) {
        Map<String, String> environment = new HashMap<>(MINIMAL);
        environment.put(variable, value);
        return environment;
    }
}

package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokengate.testkit.template.SamTransform;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tables template.yaml creates: durable and protected, and keyed exactly as core's vocabulary says. The
 * vocabulary is read from the core jar inside a deployed zip, so the check compares the template with the code that
 * will actually run against it.
 */
class TableSchemaTest {

    @ParameterizedTest
    @CsvSource({
            "TokenTable, AUTHORIZER, dev.tokengate.core.table.TokenTable",
            "AuditTable, AUDIT_STREAM, dev.tokengate.core.table.AuditTable"})
    void keySchemaAndTtlAttributeAreCoresVocabulary(String table, DeployedFunction reader, String vocabulary)
            throws ReflectiveOperationException {
        Class<?> names = reader.zip().load(vocabulary);
        String partitionKey = (String) names.getField("PARTITION_KEY").get(null);
        String sortKey = (String) names.getField("SORT_KEY").get(null);
        String ttl = (String) names.getField("TTL").get(null);

        JsonNode properties = SamTransform.resource(SamTransform.transformed(), table).path("Properties");
        Map<String, String> keys = new LinkedHashMap<>();
        properties.path("KeySchema").forEach(k -> keys.put(k.path("KeyType").asText(), k.path("AttributeName").asText()));
        assertThat(keys).containsExactly(Map.entry("HASH", partitionKey), Map.entry("RANGE", sortKey));
        Map<String, String> types = new LinkedHashMap<>();
        properties.path("AttributeDefinitions")
                .forEach(a -> types.put(a.path("AttributeName").asText(), a.path("AttributeType").asText()));
        assertThat(types).containsOnly(Map.entry(partitionKey, "S"), Map.entry(sortKey, "S"));
        assertThat(properties.path("TimeToLiveSpecification").path("AttributeName").asText()).isEqualTo(ttl);
        assertThat(properties.path("TimeToLiveSpecification").path("Enabled").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"TokenTable", "AuditTable"})
    void tablesAreOnDemandRecoverableEncryptedProtectedAndRetained(String table) {
        JsonNode resource = SamTransform.resource(SamTransform.transformed(), table);
        // Kept when the stack goes or replaces them, and when a first deploy rolls back: deletion protection refuses
        // the DeleteTable that RetainExceptOnCreate would ask for there, and the rollback would fail.
        assertThat(resource.path("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(resource.path("UpdateReplacePolicy").asText()).isEqualTo("Retain");
        JsonNode properties = resource.path("Properties");
        assertThat(properties.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(properties.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean())
                .isTrue();
        assertThat(properties.path("SSESpecification").path("SSEEnabled").asBoolean()).isTrue();
        assertThat(properties.path("DeletionProtectionEnabled").asBoolean()).isTrue();
        assertThat(properties.has("TableName")).as("generated names let two stacks share an account").isFalse();
    }

    @ParameterizedTest
    @CsvSource({"TokenTable, NEW_AND_OLD_IMAGES", "AuditTable, ''"})
    void onlyTheTokenTableHasAStream(String table, String viewType) {
        // The audit table has no stream, so the audit function can never trigger itself.
        JsonNode properties = SamTransform.resource(SamTransform.transformed(), table).path("Properties");
        assertThat(properties.path("StreamSpecification").path("StreamViewType").asText()).isEqualTo(viewType);
    }
}

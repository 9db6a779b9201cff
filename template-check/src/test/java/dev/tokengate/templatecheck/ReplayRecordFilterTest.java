package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokengate.testkit.template.Intrinsics;
import dev.tokengate.testkit.template.ProjectLayout;
import dev.tokengate.testkit.template.SamTransform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The audit function's event source mapping drops replay records (DPoP proof {@code jti} values, one per DPoP request)
 * before Lambda invokes anything, with a filter built only from operators Lambda's event filtering documents (its
 * table has no "anything-but prefix", which EventBridge Pipes, the same engine, do not support either; exact
 * "anything-but" on the sort key does the job). The classifier's own skip stays as the second line.
 */
class ReplayRecordFilterTest {
    /** Lambda's documented comparison operators (invocation-eventfiltering, "Filter rule syntax"). */
    static final Set<String> LAMBDA_OPERATORS = Set.of("anything-but", "numeric", "exists", "prefix", "suffix",
            "equals-ignore-case");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode mapping = new Intrinsics(SamTransform.transformed(), Map.of()).evaluate(
            SamTransform.resource(SamTransform.transformed(), "AuditStreamFunctionTokenTableStream").path("Properties"));

    private JsonNode pattern() throws IOException {
        JsonNode filters = mapping.path("FilterCriteria").path("Filters");
        assertThat(filters).as("one filter: a record passes if it matches any filter").hasSize(1);
        return JSON.readTree(filters.get(0).path("Pattern").asText());
    }

    @Test
    void theFilterDropsExactlyTheSortKeysOfReplayRecordsAndFlushLeases() throws Exception {
        Class<?> table = DeployedFunction.AUDIT_STREAM.zip().load("dev.tokengate.core.table.TokenTable");
        String replaySortKey = (String) table.getField("REPLAY_SORT_KEY").get(null);
        String flushSortKey = (String) table.getField("FLUSH_LEASE_SORT_KEY").get(null);

        assertThat(pattern()).isEqualTo(JSON.readTree("{\"dynamodb\":{\"Keys\":{\"SK\":{\"S\":[{\"anything-but\":[\""
                + replaySortKey + "\",\"" + flushSortKey + "\"]}]}}}}"));
        assertThat(operators(pattern())).isSubsetOf(LAMBDA_OPERATORS);
    }

    @Test
    void everyStreamRecordOfRevocationStatePassesAndAReplayRecordDoesNot() throws Exception {
        JsonNode pattern = pattern();
        List<JsonNode> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(ProjectLayout.root().resolve("events").resolve("ttl-cleanup-fn"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JSON.readTree(file.toFile()).path("Records").forEach(records::add);
            }
        }
        // Every record DynamoDB can send has its keys; the one fixture without (a hand-made garbled record) is left out.
        List<JsonNode> keyed = records.stream().filter(r -> r.path("dynamodb").path("Keys").has("SK")).toList();
        List<JsonNode> bookkeeping = keyed.stream().filter(r -> Set.of("REPLAY", "FLUSH")
                .contains(r.path("dynamodb").path("Keys").path("SK").path("S").asText())).toList();
        assertThat(keyed).hasSizeGreaterThan(10);
        assertThat(keyed).filteredOn(record -> !bookkeeping.contains(record))
                .allSatisfy(record -> assertThat(matches(pattern, record)).as(record.path("eventID").asText()).isTrue());
        assertThat(bookkeeping).as("the sample replay record").isNotEmpty()
                .noneSatisfy(record -> assertThat(matches(pattern, record)).isTrue());

        JsonNode replay = JSON.readTree("{\"eventName\":\"INSERT\",\"dynamodb\":{\"Keys\":{"
                + "\"PK\":{\"S\":\"REPLAY#dpop#default#0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I#x\"},"
                + "\"SK\":{\"S\":\"REPLAY\"}}}}");
        assertThat(matches(pattern, replay)).isFalse();
        JsonNode lease = JSON.readTree("{\"eventName\":\"MODIFY\",\"dynamodb\":{\"Keys\":{"
                + "\"PK\":{\"S\":\"FLUSH#rest:a1b2c3d4e5/prod\"},\"SK\":{\"S\":\"FLUSH\"}}}}");
        assertThat(matches(pattern, lease)).isFalse();
    }

    /**
     * Lambda's matching for the shapes used here: objects nest, a leaf array holds alternatives, an
     * {@code anything-but} list matches a present value outside it, a plain value matches itself exactly.
     */
    static boolean matches(JsonNode pattern, JsonNode record) {
        if (pattern.isArray()) {
            for (JsonNode alternative : pattern) {
                if (alternative.has("anything-but")) {
                    boolean excluded = false;
                    for (JsonNode value : alternative.get("anything-but")) {
                        excluded |= value.equals(record);
                    }
                    if (!record.isMissingNode() && !excluded) {
                        return true;
                    }
                } else if (alternative.equals(record)) {
                    return true;
                }
            }
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!matches(field.getValue(), record.path(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> operators(JsonNode pattern) {
        Set<String> found = new java.util.TreeSet<>();
        if (pattern.isArray()) {
            pattern.forEach(alternative -> {
                if (alternative.isObject()) {
                    alternative.fieldNames().forEachRemaining(found::add);
                }
            });
        } else {
            pattern.forEach(child -> found.addAll(operators(child)));
        }
        return found;
    }
}

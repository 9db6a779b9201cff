package dev.tokengate.testkit.emf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmfValidatorTest {
    static final String VALID = "{\"_aws\":{\"Timestamp\":1764583200000,\"CloudWatchMetrics\":[{\"Namespace\":\"tg\","
            + "\"Dimensions\":[[\"Function\"]],\"Metrics\":[{\"Name\":\"Decisions\",\"Unit\":\"Count\"}]}]},"
            + "\"Function\":\"f\",\"Decisions\":1,\"level\":\"INFO\"}";

    @Test
    void acceptsAValidDocumentWithOtherMembers() {
        assertThat(EmfValidator.problems(VALID)).isEmpty();
        assertThat(EmfValidator.isEmf(VALID)).isTrue();
        assertThat(EmfDatapoints.read(VALID)).singleElement()
                .satisfies(p -> assertThat(p.dimensions()).containsEntry("Function", "f"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"Timestamp\":1764583200000,|                                   | Timestamp",
            "\"Namespace\":\"tg\"|\"Namespace\":\"AWS/Lambda\"|                  Namespace",
            "[[\"Function\"]]|[[\"Function\",\"Missing\"]]|                      Missing",
            "\"Function\":\"f\"|\"Function\":7|                                  Function",
            "\"Decisions\":1,|\"Decisions\":\"1\",|                              number",
            "\"Unit\":\"Count\"|\"Unit\":\"Counts\"|                             Unit",
            "\"level\":\"INFO\"}|\"level\":\"INFO\",\"Decisions\":2}|            duplicate",
            "\"Count\"}]|\"Count\",\"Extra\":1}]|                                   does not define",
    })
    void findsEachBrokenRule(String from, String to, String problem) {
        String broken = VALID.replace(from, to == null ? "" : to);
        assertThat(broken).isNotEqualTo(VALID);

        assertThat(String.join(" ", EmfValidator.problems(broken))).containsIgnoringCase(problem.trim());
        assertThat(EmfDatapoints.read(broken)).isEmpty();
    }

    @Test
    void refusesMoreThanThirtyDimensionsInASet() {
        StringBuilder set = new StringBuilder("[");
        for (int i = 0; i < 31; i++) {
            set.append(i == 0 ? "" : ",").append("\"Function\"");
        }
        String broken = VALID.replace("[[\"Function\"]]", "[" + set + "]]");

        assertThat(EmfValidator.problems(broken)).anyMatch(p -> p.contains("at most 30"));
    }

    @Test
    void aLineThatIsNotJsonIsNotEmf() {
        assertThat(EmfValidator.isEmf("START RequestId: 1")).isFalse();
        assertThat(EmfValidator.problems(VALID + " trailing")).isNotEmpty();
    }
}

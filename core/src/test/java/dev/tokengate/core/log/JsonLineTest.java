package dev.tokengate.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonLineTest {
    @Test
    void rendersOneParsableObject() throws Exception {
        String line = JsonLine.info("decision").with("reason", "EXPIRED").with("latencyMs", 3L)
                .with("cached", false).with("skipped", (String) null).render();
        Map<String, Object> parsed = JSONObjectUtils.parse(line);
        assertThat(parsed).containsEntry("level", "INFO").containsEntry("event", "decision")
                .containsEntry("reason", "EXPIRED").containsEntry("latencyMs", 3L).containsEntry("cached", false)
                .doesNotContainKey("skipped");
    }

    @Test
    void aWholeNumberOfHundredthsIsWrittenAsDoubleToStringWritesIt() {
        SplittableRandom random = new SplittableRandom(20261130);
        for (long h = 0; h < 2_000_000; h++) {
            assertSameAsDoubleToString(h / 100.0);
        }
        for (int i = 0; i < 200_000; i++) {
            assertSameAsDoubleToString(random.nextLong(1_000_000_000L) / 100.0);
        }
    }

    private static void assertSameAsDoubleToString(double value) {
        StringBuilder out = new StringBuilder();
        assertThat(JsonLine.appendHundredths(out, value)).as("%s", value).isTrue();
        assertThat(out.toString()).isEqualTo(Double.toString(value));
    }

    @Test
    void anyOtherNumberIsLeftToDoubleToString() {
        for (double value : new double[] {-0.0, -1.5, 0.001, 0.125, 1e7, 1.5e7, 0.1 + 0.2, Math.PI, 1e-5}) {
            assertThat(JsonLine.appendHundredths(new StringBuilder(), value)).as("%s", value).isFalse();
            assertThat(JsonLine.info("e").with("n", value).render()).endsWith("\"n\":" + value + "}");
        }
        assertThat(JsonLine.info("e").with("n", Double.NaN).render()).endsWith("\"n\":null}");
    }

    @Test
    void escapesHostileValuesSoTheyCannotForgeFieldsOrLines() throws Exception {
        String hostile = "x\",\"level\":\"ERROR\"}\n{\"event\":\"forged\u0001\u2028";
        String line = JsonLine.warn("e").with("sub", hostile).render();
        assertThat(line).doesNotContain("\n");
        assertThat(JSONObjectUtils.parse(line)).containsEntry("sub", hostile).containsEntry("level", "WARN");
    }

    @Test
    void everyCharacterSurvivesTheRoundTripAndNoLineBreakIsWrittenRaw() throws Exception {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            if (Character.isSurrogate(c)) {
                continue; // a lone surrogate is not a string JSON can carry
            }
            String value = "a" + c + "b";
            String line = JsonLine.info("e").with("v", value).render();
            assertThat(line).doesNotContain("\n", "\r", "\u2028", "\u2029");
            assertThat(JSONObjectUtils.parse(line)).as("U+%04X", (int) c).containsEntry("v", value);
        }
    }
}

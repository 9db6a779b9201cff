package dev.tokengate.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.Map;
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

package dev.tokengate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsViewTest {
    static final String DECISION = "{\"level\":\"INFO\",\"sub\":\"é\",\"_aws\":{\"Timestamp\":1764583200000,"
            + "\"CloudWatchMetrics\":[{\"Namespace\":\"tokengate\",\"Dimensions\":[[\"Function\"],[\"Function\","
            + "\"Outcome\"]],\"Metrics\":[{\"Name\":\"Decisions\",\"Unit\":\"Count\"},{\"Name\":\"StoreLatency\","
            + "\"Unit\":\"Milliseconds\"}]}]},\"Function\":\"AuthorizerFunction\",\"Outcome\":\"ALLOW\","
            + "\"Decisions\":1,\"StoreLatency\":[2.5,4.0]}";

    @Test
    void addsUpWhatCloudWatchWouldExtractAndIgnoresEverythingElse() {
        MetricsView view = new MetricsView();
        view.accept(DECISION);
        view.accept(DECISION);
        view.accept("START RequestId: 1 Version: $LATEST");
        view.accept(DECISION.replace("\"Decisions\":1", "\"Decisions\":\"1\""));

        Map<String, Object> snapshot = view.snapshot();

        assertThat(snapshot).containsOnlyKeys("tokengate Decisions{Function=AuthorizerFunction}",
                "tokengate Decisions{Function=AuthorizerFunction,Outcome=ALLOW}",
                "tokengate StoreLatency{Function=AuthorizerFunction}",
                "tokengate StoreLatency{Function=AuthorizerFunction,Outcome=ALLOW}");
        assertThat(snapshot.get("tokengate Decisions{Function=AuthorizerFunction,Outcome=ALLOW}"))
                .isEqualTo(Map.of("unit", "Count", "sum", 2.0, "samples", 2L, "max", 1.0));
        assertThat(snapshot.get("tokengate StoreLatency{Function=AuthorizerFunction}"))
                .isEqualTo(Map.of("unit", "Milliseconds", "sum", 13.0, "samples", 4L, "max", 4.0));
    }

    @Test
    void theTapPassesEveryByteOnAndHandsOverWholeLines() {
        PrintStream console = System.out;
        List<String> lines = new ArrayList<>();
        try (StdoutTap tap = StdoutTap.install(lines::add)) {
            System.out.print("{\"sub\":\"é");
            System.out.println("\"}");
            System.out.println(DECISION);
        }

        assertThat(System.out).isSameAs(console);
        assertThat(lines).containsExactly("{\"sub\":\"é\"}", DECISION);
        assertThat(DECISION.getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThan(DECISION.length());
    }
}

package dev.tokengate.audit.metrics;

import dev.tokengate.core.log.JsonLine;
import dev.tokengate.core.log.LogSink;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Publishes a batch's counts as one CloudWatch Embedded Metric Format line on standard output: CloudWatch Logs
 * turns it into metrics (namespace {@value #NAMESPACE}, dimension {@value #DIMENSION}) with no API call and no
 * extra latency, and the same line stays readable in the log stream. Every metric is emitted, zeros included, so
 * alarms on a kind see data points rather than missing data.
 */
public final class EmfWriter {
    public static final String NAMESPACE = "tokengate";
    public static final String DIMENSION = "Function";

    private final LogSink sink;

    public EmfWriter(LogSink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    public void write(BatchMetrics metrics, String functionName, Instant at) {
        sink.write(render(metrics, functionName, at));
    }

    static String render(BatchMetrics metrics, String functionName, Instant at) {
        Map<String, Long> values = metrics.values();
        StringBuilder definitions = new StringBuilder(64 * values.size());
        StringBuilder members = new StringBuilder(32 * values.size());
        for (Map.Entry<String, Long> metric : values.entrySet()) {
            if (definitions.length() > 0) {
                definitions.append(',');
            }
            definitions.append("{\"Name\":").append(JsonLine.quoted(metric.getKey())).append(",\"Unit\":\"Count\"}");
            members.append(',').append(JsonLine.quoted(metric.getKey())).append(':').append(metric.getValue());
        }
        return "{\"_aws\":{\"Timestamp\":" + at.toEpochMilli()
                + ",\"CloudWatchMetrics\":[{\"Namespace\":" + JsonLine.quoted(NAMESPACE)
                + ",\"Dimensions\":[[" + JsonLine.quoted(DIMENSION) + "]]"
                + ",\"Metrics\":[" + definitions + "]}]}"
                + "," + JsonLine.quoted(DIMENSION) + ":" + JsonLine.quoted(functionName)
                + members
                + "}";
    }
}

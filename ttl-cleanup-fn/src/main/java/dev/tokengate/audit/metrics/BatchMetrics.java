package dev.tokengate.audit.metrics;

import dev.tokengate.audit.classify.AuditKind;
import dev.tokengate.core.metrics.EmfDocument;
import dev.tokengate.core.metrics.Metric;
import dev.tokengate.core.metrics.MetricCatalog;
import dev.tokengate.core.metrics.MetricDirective;
import dev.tokengate.core.metrics.MetricUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts for one invocation's batch, published as one EMF line at its end. Every metric is written, zeros included,
 * so alarms on a kind see data points rather than missing data. Not thread-safe: one instance per invocation, used
 * by one thread.
 */
public final class BatchMetrics {
    public static final String RECORDS = "Records";
    public static final String SKIPPED = "Skipped";
    public static final String REVOCATION_WEAKENED = "RevocationWeakened";
    public static final String ALREADY_WRITTEN = "AlreadyWritten";
    public static final String FAILURES = "Failures";
    /** The one dimension set: the function. Audit kinds are metrics of their own, so alarms need no kind value. */
    static final List<List<String>> DIMENSION_SETS = List.of(List.of(EmfDocument.FUNCTION));

    private final Map<AuditKind, Long> audited = new EnumMap<>(AuditKind.class);
    private long records;
    private long skipped;
    private long weakened;
    private long alreadyWritten;
    private long failures;

    public BatchMetrics() {
        for (AuditKind kind : AuditKind.values()) {
            audited.put(kind, 0L);
        }
    }

    /** A record the batch contained and the handler looked at. */
    public void record() {
        records++;
    }

    /** An audited record; {@code duplicate} when an earlier delivery had written it already. */
    public void audited(AuditKind kind, boolean duplicate) {
        audited.merge(kind, 1L, Long::sum);
        if (kind == AuditKind.REVOCATION_WEAKENED) {
            weakened++; // the earlier name of the same count, kept for alarms built on it
        }
        if (duplicate) {
            alreadyWritten++;
        }
    }

    public void skipped() {
        skipped++;
    }

    public void failed() {
        failures++;
    }

    /** Every metric by name, in a stable order: one per audit kind, then the batch counters. */
    public Map<String, Long> values() {
        Map<String, Long> out = new LinkedHashMap<>();
        audited.forEach((kind, count) -> out.put(kind.name(), count));
        out.put(RECORDS, records);
        out.put(SKIPPED, skipped);
        out.put(REVOCATION_WEAKENED, weakened);
        out.put(ALREADY_WRITTEN, alreadyWritten);
        out.put(FAILURES, failures);
        return out;
    }

    /** The batch's metrics as one EMF document, under the function's name. */
    public EmfDocument emf(String functionName) {
        List<Metric> metrics = new ArrayList<>();
        values().forEach((name, count) -> metrics.add(Metric.count(name, count)));
        return new EmfDocument(Map.of(EmfDocument.FUNCTION, functionName),
                List.of(new MetricDirective(DIMENSION_SETS, metrics)));
    }

    /** Every metric this function publishes: what alarms and the dashboard may refer to. */
    public static MetricCatalog catalog() {
        List<MetricCatalog.Entry> entries = new ArrayList<>();
        new BatchMetrics().values().keySet()
                .forEach(name -> entries.add(new MetricCatalog.Entry(name, MetricUnit.COUNT, DIMENSION_SETS)));
        return new MetricCatalog(Map.of(), entries);
    }
}

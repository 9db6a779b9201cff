package dev.tokengate.audit.metrics;

import dev.tokengate.audit.classify.AuditKind;
import java.util.EnumMap;
import java.util.Map;

/** Counts for one invocation's batch. Not thread-safe: one instance per invocation, used by one thread. */
public final class BatchMetrics {
    public static final String RECORDS = "Records";
    public static final String SKIPPED = "Skipped";
    public static final String REVOCATION_WEAKENED = "RevocationWeakened";
    public static final String ALREADY_WRITTEN = "AlreadyWritten";
    public static final String FAILURES = "Failures";

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
            weakened++; // the metric alarms already watch, kept alongside the kind's own
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
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        audited.forEach((kind, count) -> out.put(kind.name(), count));
        out.put(RECORDS, records);
        out.put(SKIPPED, skipped);
        out.put(REVOCATION_WEAKENED, weakened);
        out.put(ALREADY_WRITTEN, alreadyWritten);
        out.put(FAILURES, failures);
        return out;
    }
}

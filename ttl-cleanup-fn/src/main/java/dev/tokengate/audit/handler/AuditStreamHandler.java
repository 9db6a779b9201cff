package dev.tokengate.audit.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.tokengate.audit.audit.AuditWriter;
import dev.tokengate.audit.classify.AuditEntry;
import dev.tokengate.audit.classify.AuditKind;
import dev.tokengate.audit.classify.Classification;
import dev.tokengate.audit.classify.RecordClassifier;
import dev.tokengate.audit.classify.Skip;
import dev.tokengate.audit.config.AuditConfig;
import dev.tokengate.audit.metrics.BatchMetrics;
import dev.tokengate.core.Version;
import dev.tokengate.core.dynamodb.DynamoDbClients;
import dev.tokengate.core.log.JsonLine;
import dev.tokengate.core.log.LogSink;
import dev.tokengate.core.metrics.EmfWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Entry point of the token table's stream: audits each record once, in order. The event source mapping must
 * enable {@code ReportBatchItemFailures}: on the first record that cannot be audited the handler stops and names
 * that record's sequence number, so Lambda redelivers from there; records before it are done, records after it
 * come again, and the audit's conditional writes make every redelivery harmless.
 */
public final class AuditStreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    /** Metric dimension value when the runtime gives no function name (local runs, tests). */
    static final String DEFAULT_FUNCTION_NAME = "AuditStreamFunction";

    private final RecordClassifier classifier = new RecordClassifier();
    private final AuditWriter writer;
    private final EmfWriter metrics;
    private final LogSink log;
    private final Clock clock;

    /** Used by the Lambda runtime: configuration and client are built once per container. */
    public AuditStreamHandler() {
        this(AuditConfig.fromSystemEnvironment());
    }

    /**
     * Builds the function from an explicit environment, exactly as the no-arg constructor does from the process
     * environment. The local runner uses it; nothing else changes.
     */
    public AuditStreamHandler(Map<String, String> environment) {
        this(AuditConfig.fromEnvironment(environment));
    }

    private AuditStreamHandler(AuditConfig config) {
        this(config, DynamoDbClients.builder(config.region(), config.dynamoDbBudget(), config.dynamoDbEndpoint()).build(),
                Clock.systemUTC(), LogSink.stdout());
        log.write(JsonLine.info("audit.init").with("version", Version.current()));
    }

    AuditStreamHandler(AuditConfig config, DynamoDbClient dynamoDb, Clock clock, LogSink log) {
        this(new AuditWriter(dynamoDb, config.auditTable(), config.retention(), clock),
                new EmfWriter(config.metricNamespace()), clock, log);
    }

    AuditStreamHandler(AuditWriter writer, EmfWriter metrics, Clock clock, LogSink log) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<DynamodbStreamRecord> records = event == null || event.getRecords() == null
                ? List.of() : event.getRecords();
        BatchMetrics counts = new BatchMetrics();
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>(1);
        for (DynamodbStreamRecord record : records) {
            counts.record();
            if (!audit(record, counts)) {
                // Stop here: Lambda redelivers this record and every later one, in order.
                failures.add(new StreamsEventResponse.BatchItemFailure(sequenceNumberOf(record)));
                break;
            }
        }
        // One line per batch: its counts as metrics (EMF), readable in the log stream as they are.
        log.write(metrics.appendTo(JsonLine.info("audit.batch"), counts.emf(functionName(context)), clock.instant()));
        return new StreamsEventResponse(failures);
    }

    /** Audits one record; {@code false} if it must be redelivered. Never throws. */
    private boolean audit(DynamodbStreamRecord record, BatchMetrics counts) {
        try {
            Classification classification = classifier.classify(StreamChanges.from(record));
            if (classification instanceof Skip skip) {
                counts.skipped();
                log.write(JsonLine.info("audit.skipped")
                        .with("skip", skip.reason().name())
                        .with("issuerId", skip.user() == null ? null : skip.user().issuerId())
                        .with("sub", skip.user() == null ? null : skip.user().sub())
                        .with("eventID", skip.eventId())
                        .with("sequenceNumber", sequenceNumberOf(record)));
                return true;
            }
            AuditEntry entry = (AuditEntry) classification;
            AuditWriter.Outcome outcome = writer.write(entry);
            counts.audited(entry.kind(), outcome == AuditWriter.Outcome.ALREADY_WRITTEN);
            log.write(auditLine(entry, outcome));
            return true;
        } catch (RuntimeException e) {
            counts.failed();
            JsonLine line = JsonLine.error("audit.failed")
                    .with("eventID", record == null ? null : record.getEventID())
                    .with("sequenceNumber", sequenceNumberOf(record))
                    .with("error", e.getClass().getSimpleName());
            if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
                line.with("awsErrorCode", service.awsErrorDetails().errorCode());
            }
            log.write(line);
            return false;
        }
    }

    /** Identifiers only: the revocation {@code reason} is free text a caller wrote, so it stays out of the logs. */
    private static JsonLine auditLine(AuditEntry entry, AuditWriter.Outcome outcome) {
        boolean suspicious = entry.kind() == AuditKind.DELETED || entry.kind() == AuditKind.MALFORMED
                || entry.kind() == AuditKind.REVOCATION_WEAKENED;
        return (suspicious ? JsonLine.warn("audit.record") : JsonLine.info("audit.record"))
                .with("kind", entry.kind().name())
                .with("issuerId", entry.issuerId())
                .with("sub", entry.sub())
                .with("jti", entry.jti())
                .with("originJti", entry.originJti())
                .with("actor", entry.actor())
                .with("eventID", entry.recordId())
                .with("sequenceNumber", entry.sequenceNumber())
                .with("detail", entry.detail())
                .with("outcome", outcome.name());
    }

    /**
     * The identifier a partial batch failure must name. A record without one is answered with an empty identifier,
     * which Lambda treats as a failure of the whole batch: redelivering everything is safe, skipping is not.
     */
    private static String sequenceNumberOf(DynamodbStreamRecord record) {
        if (record == null || record.getDynamodb() == null || record.getDynamodb().getSequenceNumber() == null) {
            return "";
        }
        return record.getDynamodb().getSequenceNumber();
    }

    private static String functionName(Context context) {
        return context != null && context.getFunctionName() != null && !context.getFunctionName().isBlank()
                ? context.getFunctionName() : DEFAULT_FUNCTION_NAME;
    }
}

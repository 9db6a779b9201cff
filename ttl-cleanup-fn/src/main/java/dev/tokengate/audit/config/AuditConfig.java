package dev.tokengate.audit.config;

import dev.tokengate.core.config.AwsNames;
import dev.tokengate.core.config.ConfigException;
import dev.tokengate.core.config.Settings;
import dev.tokengate.core.dynamodb.DynamoDbClients;
import dev.tokengate.core.metrics.MetricNamespace;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.regions.Region;

/**
 * The stream audit function's settings, read once at init. Immutable and safe to log (it holds no secret).
 *
 * @param auditTable the audit table's name ({@code AUDIT_TABLE}, required)
 * @param retentionDays how long an audit item is kept before DynamoDB's TTL removes it ({@code AUDIT_RETENTION_DAYS})
 * @param region the function's region ({@code AWS_REGION}, set by Lambda)
 * @param dynamoDbBudget time budget of one audit write
 * @param dynamoDbEndpoint {@code DYNAMODB_ENDPOINT}: a local engine, or empty for AWS's own endpoint
 * @param metricNamespace {@code METRIC_NAMESPACE}: where the batch metrics are published
 */
public record AuditConfig(String auditTable, int retentionDays, Region region, DynamoDbClients.Budget dynamoDbBudget,
                          Optional<URI> dynamoDbEndpoint, MetricNamespace metricNamespace) {

    public static final String AUDIT_TABLE = "AUDIT_TABLE";
    public static final String AUDIT_RETENTION_DAYS = "AUDIT_RETENTION_DAYS";
    public static final String AWS_REGION = AwsNames.AWS_REGION;
    public static final String DYNAMODB_ENDPOINT = AwsNames.DYNAMODB_ENDPOINT;
    public static final String METRIC_NAMESPACE = MetricNamespace.VARIABLE;

    /** Every variable this record reads, for the template checks. */
    public static final Set<String> VARIABLES = Set.of(AUDIT_TABLE, AUDIT_RETENTION_DAYS, AWS_REGION,
            DYNAMODB_ENDPOINT, METRIC_NAMESPACE);

    /** The variables without a default. {@code AWS_REGION} is set by the Lambda runtime itself, not the template. */
    public static final Set<String> REQUIRED = Set.of(AUDIT_TABLE, AWS_REGION);

    public static final int DEFAULT_RETENTION_DAYS = 400;
    public static final int MAX_RETENTION_DAYS = 3650;

    /**
     * Audit writes are off the request path, so the budget favours finishing over failing fast: a few retries
     * within seconds, well inside the function's timeout, and a failed record is redelivered by Lambda anyway.
     */
    public static final DynamoDbClients.Budget DEFAULT_BUDGET = new DynamoDbClients.Budget(
            Duration.ofSeconds(10), Duration.ofSeconds(3), 3, Duration.ofSeconds(2));

    public AuditConfig {
        AwsNames.tableName(AUDIT_TABLE, auditTable);
        AwsNames.region(region);
        Objects.requireNonNull(dynamoDbBudget, "dynamoDbBudget");
        Objects.requireNonNull(metricNamespace, METRIC_NAMESPACE);
        dynamoDbEndpoint = AwsNames.endpoint(dynamoDbEndpoint);
        if (retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
            throw new ConfigException(AUDIT_RETENTION_DAYS, "must be between 1 and " + MAX_RETENTION_DAYS);
        }
    }

    public static AuditConfig fromEnvironment(Map<String, String> environment) {
        Settings settings = Settings.of(environment);
        return new AuditConfig(
                settings.required(AUDIT_TABLE),
                (int) settings.integer(AUDIT_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, 1, MAX_RETENTION_DAYS),
                AwsNames.region(settings),
                DEFAULT_BUDGET,
                AwsNames.endpoint(settings),
                MetricNamespace.from(settings));
    }

    /** The only place the function reads the process environment. */
    public static AuditConfig fromSystemEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** How long audit items are kept, as a duration. */
    public Duration retention() {
        return Duration.ofDays(retentionDays);
    }
}

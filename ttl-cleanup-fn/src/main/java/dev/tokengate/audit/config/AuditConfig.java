package dev.tokengate.audit.config;

import dev.tokengate.core.config.ConfigException;
import dev.tokengate.core.config.Settings;
import dev.tokengate.core.dynamodb.DynamoDbClients;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * The stream audit function's settings, read once at init. Immutable and safe to log (it holds no secret).
 *
 * @param auditTable the audit table's name ({@code AUDIT_TABLE}, required)
 * @param retentionDays how long an audit item is kept before DynamoDB's TTL removes it ({@code AUDIT_RETENTION_DAYS})
 * @param region the function's region ({@code AWS_REGION}, set by Lambda)
 * @param dynamoDbBudget time budget of one audit write
 */
public record AuditConfig(String auditTable, int retentionDays, Region region, DynamoDbClients.Budget dynamoDbBudget) {

    public static final String AUDIT_TABLE = "AUDIT_TABLE";
    public static final String AUDIT_RETENTION_DAYS = "AUDIT_RETENTION_DAYS";
    public static final String AWS_REGION = "AWS_REGION";

    /** Every variable this record reads, for the template checks. */
    public static final Set<String> VARIABLES = Set.of(AUDIT_TABLE, AUDIT_RETENTION_DAYS, AWS_REGION);

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

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+-[0-9]+");

    public AuditConfig {
        Objects.requireNonNull(auditTable, AUDIT_TABLE);
        Objects.requireNonNull(region, AWS_REGION);
        Objects.requireNonNull(dynamoDbBudget, "dynamoDbBudget");
        if (!TABLE_NAME.matcher(auditTable).matches()) {
            throw new ConfigException(AUDIT_TABLE, "must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)");
        }
        if (retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
            throw new ConfigException(AUDIT_RETENTION_DAYS, "must be between 1 and " + MAX_RETENTION_DAYS);
        }
        if (!REGION_NAME.matcher(region.id()).matches()) {
            throw new ConfigException(AWS_REGION, "must be a region id such as eu-west-1, was '" + region.id() + "'");
        }
    }

    public static AuditConfig fromEnvironment(Map<String, String> environment) {
        Settings settings = Settings.of(environment);
        return new AuditConfig(
                settings.required(AUDIT_TABLE),
                (int) settings.integer(AUDIT_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, 1, MAX_RETENTION_DAYS),
                Region.of(settings.required(AWS_REGION)),
                DEFAULT_BUDGET);
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

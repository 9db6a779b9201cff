package dev.tokengate.revoke.config;

import dev.tokengate.core.config.AwsNames;
import dev.tokengate.core.config.ConfigException;
import dev.tokengate.core.config.Settings;
import dev.tokengate.core.metrics.MetricNamespace;
import dev.tokengate.core.token.JwtConfig;
import dev.tokengate.revoke.cache.FlushTarget;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * Everything the revocation API reads from its environment, read once at init, validated here and safe to log (it
 * holds no secrets: the JWK set is public keys only).
 *
 * @param tokenTable the token table's name ({@code TOKEN_TABLE})
 * @param region the AWS region ({@code AWS_REGION}, set by Lambda)
 * @param jwt how presented tokens are validated (the same variables as the authorizer)
 * @param adminScope the scope that may act on another user's tokens ({@code ADMIN_SCOPE})
 * @param cacheFlushTargets API Gateway stages whose authorizer cache is flushed after a revocation
 *     ({@code AUTHORIZER_CACHE_FLUSH_TARGETS}, empty = off)
 * @param dynamoDbEndpoint {@code DYNAMODB_ENDPOINT}: a local engine, or empty for AWS's own endpoint
 * @param metricNamespace {@code METRIC_NAMESPACE}: where the request metrics are published
 */
public record RevokeConfig(
        String tokenTable,
        Region region,
        JwtConfig jwt,
        String adminScope,
        List<FlushTarget> cacheFlushTargets,
        Optional<URI> dynamoDbEndpoint,
        MetricNamespace metricNamespace) {

    public static final String TOKEN_TABLE = AwsNames.TOKEN_TABLE;
    public static final String AWS_REGION = AwsNames.AWS_REGION;
    public static final String DYNAMODB_ENDPOINT = AwsNames.DYNAMODB_ENDPOINT;
    public static final String ADMIN_SCOPE = "ADMIN_SCOPE";
    public static final String AUTHORIZER_CACHE_FLUSH_TARGETS = "AUTHORIZER_CACHE_FLUSH_TARGETS";
    public static final String METRIC_NAMESPACE = MetricNamespace.VARIABLE;

    public static final String DEFAULT_ADMIN_SCOPE = "tokengate:admin";

    /** Every variable this record reads (JwtConfig's included), for the template checks. */
    public static final Set<String> VARIABLES;
    /**
     * The variables without a default (besides the trust configuration: TRUSTED_ISSUERS or JWT_ISSUER and co.).
     * {@code AWS_REGION} is among them but Lambda sets it, not the template.
     */
    public static final Set<String> REQUIRED = Set.of(TOKEN_TABLE, AWS_REGION);
    /** Required variables the Lambda runtime provides itself (reserved: a template cannot set them). */
    public static final Set<String> RUNTIME_PROVIDED = Set.of(AWS_REGION);

    static {
        Set<String> all = new HashSet<>(JwtConfig.VARIABLES);
        all.addAll(Set.of(TOKEN_TABLE, AWS_REGION, ADMIN_SCOPE, AUTHORIZER_CACHE_FLUSH_TARGETS, DYNAMODB_ENDPOINT,
                METRIC_NAMESPACE));
        VARIABLES = Set.copyOf(all);
    }

    /** RFC 6749 scope-token characters: printable ASCII except space, '"' and '\'. */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");

    public RevokeConfig {
        AwsNames.tableName(TOKEN_TABLE, tokenTable);
        AwsNames.region(region);
        dynamoDbEndpoint = AwsNames.endpoint(dynamoDbEndpoint);
        Objects.requireNonNull(jwt, "jwt");
        if (adminScope == null || !SCOPE_TOKEN.matcher(adminScope).matches()) {
            throw new ConfigException(ADMIN_SCOPE, "must be one OAuth scope (no spaces, at most 128 characters)");
        }
        cacheFlushTargets = List.copyOf(Objects.requireNonNull(cacheFlushTargets, AUTHORIZER_CACHE_FLUSH_TARGETS));
        Objects.requireNonNull(metricNamespace, METRIC_NAMESPACE);
    }

    public static RevokeConfig fromEnvironment(Map<String, String> environment) {
        Settings settings = Settings.of(environment);
        String table = settings.required(TOKEN_TABLE);
        Region region = AwsNames.region(settings);
        JwtConfig jwt = JwtConfig.fromEnvironment(environment);
        String admin = settings.string(ADMIN_SCOPE, DEFAULT_ADMIN_SCOPE);
        List<FlushTarget> targets = FlushTarget.parseList(AUTHORIZER_CACHE_FLUSH_TARGETS,
                settings.optional(AUTHORIZER_CACHE_FLUSH_TARGETS).orElse(null));
        return new RevokeConfig(table, region, jwt, admin, targets, AwsNames.endpoint(settings),
                MetricNamespace.from(settings));
    }

    /** The only place this function reads the process environment. */
    public static RevokeConfig fromSystemEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public boolean flushesAuthorizerCache() {
        return !cacheFlushTargets.isEmpty();
    }
}

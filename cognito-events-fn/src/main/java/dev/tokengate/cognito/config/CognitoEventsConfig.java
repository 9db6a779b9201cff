package dev.tokengate.cognito.config;

import dev.tokengate.core.config.AwsNames;
import dev.tokengate.core.config.ConfigException;
import dev.tokengate.core.config.Settings;
import dev.tokengate.core.dynamodb.DynamoDbClients;
import dev.tokengate.core.token.IssuerProfile;
import dev.tokengate.core.token.JwtConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * What the Cognito sign-out function reads from its environment, once at init; validated here and safe to log.
 *
 * @param tokenTable the token table ({@code TOKEN_TABLE})
 * @param region the function's region ({@code AWS_REGION}): the user pools' region too (EventBridge delivers the
 *     CloudTrail events of a region to that region's bus)
 * @param userPools each configured user pool id ({@code COGNITO_USER_POOL_IDS}) and the issuer profile whose issuer
 *     is that pool: a pool without one is an init error, since nothing it signs could reach tokengate's APIs
 * @param jwt the trust configuration the authorizer and the revocation API read (the same variables), for the
 *     profiles' ids, issuers, clock skew and token lifetimes
 * @param dynamoDbEndpoint {@code DYNAMODB_ENDPOINT}: a local engine, or empty for AWS's own endpoint
 * @param cognitoEndpoint {@code COGNITO_ENDPOINT}: a local engine serving Cognito's API (moto), or empty for AWS's
 */
public record CognitoEventsConfig(String tokenTable, Region region, Map<String, IssuerProfile> userPools,
                                  JwtConfig jwt, Optional<URI> dynamoDbEndpoint, Optional<URI> cognitoEndpoint) {

    public static final String TOKEN_TABLE = AwsNames.TOKEN_TABLE;
    public static final String AWS_REGION = AwsNames.AWS_REGION;
    public static final String DYNAMODB_ENDPOINT = AwsNames.DYNAMODB_ENDPOINT;
    public static final String COGNITO_USER_POOL_IDS = "COGNITO_USER_POOL_IDS";
    public static final String COGNITO_ENDPOINT = "COGNITO_ENDPOINT";

    /** Every variable this record reads (JwtConfig's included), for the template checks. */
    public static final Set<String> VARIABLES;
    /** The variables without a default, besides the trust configuration. */
    public static final Set<String> REQUIRED = Set.of(TOKEN_TABLE, AWS_REGION, COGNITO_USER_POOL_IDS);
    /** Required variables the Lambda runtime provides itself. */
    public static final Set<String> RUNTIME_PROVIDED = Set.of(AWS_REGION);

    static {
        Set<String> all = new HashSet<>(JwtConfig.VARIABLES);
        all.addAll(Set.of(TOKEN_TABLE, AWS_REGION, DYNAMODB_ENDPOINT, COGNITO_USER_POOL_IDS, COGNITO_ENDPOINT));
        VARIABLES = Set.copyOf(all);
    }

    /** {@code <region>_<id>}, as Cognito names user pools. */
    static final Pattern POOL_ID = Pattern.compile("[a-z]{2,4}(-[a-z0-9]+){1,3}-[0-9]{1,2}_[A-Za-z0-9]{1,55}");
    static final int MAX_POOLS = 3;

    /** Off the request path: finish rather than fail fast; a failed event is retried by Lambda. */
    public static final DynamoDbClients.Budget DYNAMODB_BUDGET = new DynamoDbClients.Budget(
            Duration.ofSeconds(10), Duration.ofSeconds(3), 3, Duration.ofSeconds(2));

    public CognitoEventsConfig {
        AwsNames.tableName(TOKEN_TABLE, tokenTable);
        AwsNames.region(region);
        Objects.requireNonNull(jwt, "jwt");
        userPools = Map.copyOf(Objects.requireNonNull(userPools, COGNITO_USER_POOL_IDS));
        if (userPools.isEmpty() || userPools.size() > MAX_POOLS) {
            throw new ConfigException(COGNITO_USER_POOL_IDS, "must name 1 to " + MAX_POOLS + " user pool ids");
        }
        for (Map.Entry<String, IssuerProfile> pool : userPools.entrySet()) {
            if (!POOL_ID.matcher(pool.getKey()).matches() || !pool.getKey().startsWith(region.id() + "_")) {
                throw new ConfigException(COGNITO_USER_POOL_IDS, "'" + pool.getKey() + "' is not a user pool id of "
                        + region.id() + " (<region>_<id>): only this region's sign-outs reach this function");
            }
            if (!pool.getValue().issuer().equals(issuerOf(region, pool.getKey()))) {
                throw new ConfigException(COGNITO_USER_POOL_IDS, "pool " + pool.getKey() + " is not the issuer of "
                        + "profile '" + pool.getValue().id() + "'");
            }
        }
        dynamoDbEndpoint = AwsNames.endpoint(dynamoDbEndpoint);
        cognitoEndpoint = AwsNames.endpoint(COGNITO_ENDPOINT, cognitoEndpoint);
    }

    /** A user pool's issuer, as its tokens' {@code iss} names it. */
    public static String issuerOf(Region region, String poolId) {
        return "https://cognito-idp." + region.id() + ".amazonaws.com/" + poolId;
    }

    public static CognitoEventsConfig fromEnvironment(Map<String, String> environment) {
        Settings settings = Settings.of(environment);
        Region region = AwsNames.region(settings);
        JwtConfig jwt = JwtConfig.fromEnvironment(environment);
        Map<String, IssuerProfile> pools = new LinkedHashMap<>();
        for (String poolId : settings.list(COGNITO_USER_POOL_IDS, null)) {
            IssuerProfile profile = jwt.forIssuer(issuerOf(region, poolId)).orElseThrow(() -> new ConfigException(
                    COGNITO_USER_POOL_IDS, "pool " + poolId + " has no issuer profile: trust "
                            + issuerOf(region, poolId) + " in TRUSTED_ISSUERS (preset cognito-access)"));
            pools.put(poolId, profile);
        }
        return new CognitoEventsConfig(settings.required(TOKEN_TABLE), region, pools, jwt,
                AwsNames.endpoint(settings),
                AwsNames.endpoint(COGNITO_ENDPOINT, settings.optional(COGNITO_ENDPOINT)
                        .map(value -> Settings.uri(COGNITO_ENDPOINT, value))));
    }

    /** The only place this function reads the process environment. */
    public static CognitoEventsConfig fromSystemEnvironment() {
        return fromEnvironment(System.getenv());
    }
}

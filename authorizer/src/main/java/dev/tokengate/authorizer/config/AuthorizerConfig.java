package dev.tokengate.authorizer.config;

import dev.tokengate.authorizer.revocation.HotTokenShield;
import dev.tokengate.authorizer.revocation.RevocationMode;
import dev.tokengate.authorizer.route.RouteScopes;
import dev.tokengate.core.config.AwsNames;
import dev.tokengate.core.config.ConfigException;
import dev.tokengate.core.config.Settings;
import dev.tokengate.core.dynamodb.DynamoDbClients;
import dev.tokengate.core.metrics.MetricNamespace;
import dev.tokengate.core.token.IssuerProfile;
import dev.tokengate.core.token.JwtConfig;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.regions.Region;

/**
 * Everything the authorizer reads from its environment, once, at init. Validated here; safe to log (the JWKS is
 * public key material and no variable holds a secret).
 *
 * @param jwt how tokens are validated ({@code JWT_*}, {@code JWKS*}, {@code CLOCK_SKEW_SECONDS})
 * @param region {@code AWS_REGION}
 * @param tokenTable {@code TOKEN_TABLE}
 * @param revocationMode {@code REVOCATION_MODE}: {@code denylist} (default) or {@code allowlist}
 * @param consistentRead {@code CONSISTENT_READ}, default true: a revocation is seen by the very next request
 * @param routeScopes {@code ROUTE_SCOPES}, default none
 * @param revocationCache {@code REVOCATION_CACHE_SECONDS}, default 0 (off); adds to the revocation-latency bound
 * @param httpApiResponse {@code HTTP_API_RESPONSE}: {@code simple} (default) or {@code iam}, for payload 2.0
 * @param storeBudget {@code STORE_TIMEOUT_MILLIS}, {@code STORE_ATTEMPT_TIMEOUT_MILLIS}, {@code STORE_MAX_ATTEMPTS}
 * @param dynamoDbEndpoint {@code DYNAMODB_ENDPOINT}: a local engine, or empty for AWS's own endpoint
 * @param hotTokenThreshold {@code HOT_TOKEN_THRESHOLD_PER_SECOND}, default 5; a token decided more often than this
 *        within a second in one container is answered from a read at most 1 s old (0 = off, 1 to 100)
 * @param verifiedTokenCache {@code VERIFIED_TOKEN_CACHE_ENTRIES}, default 10,000: how many verified tokens one
 *        container remembers, so a token it has verified skips parsing and the signature (every clock rule, the
 *        key's presence in the key set and the revocation lookup still run on every decision); 0 = off
 * @param metricNamespace {@code METRIC_NAMESPACE}: where the decision metrics are published
 * @param authorizerResultTtl {@code AUTHORIZER_RESULT_TTL_SECONDS}, default 0: the authorizer result cache TTL of
 *        the APIs this authorizer answers (the template passes the revocation API's). Above 0 a cached Allow could
 *        let a sender-constrained token through without its proof or certificate, so bound tokens are refused, and
 *        an issuer profile that requires DPoP refuses to start
 * @param publicBaseUrls {@code PUBLIC_BASE_URLS}, default none: API stages whose clients sign DPoP proofs for
 *        another base URL than the one the event reports
 */
public record AuthorizerConfig(
        JwtConfig jwt,
        Region region,
        String tokenTable,
        RevocationMode revocationMode,
        boolean consistentRead,
        RouteScopes routeScopes,
        Duration revocationCache,
        HttpApiResponse httpApiResponse,
        DynamoDbClients.Budget storeBudget,
        Optional<URI> dynamoDbEndpoint,
        int hotTokenThreshold,
        int verifiedTokenCache,
        MetricNamespace metricNamespace,
        Duration authorizerResultTtl,
        PublicBaseUrls publicBaseUrls) {

    public static final String AWS_REGION = AwsNames.AWS_REGION;
    public static final String TOKEN_TABLE = AwsNames.TOKEN_TABLE;
    public static final String DYNAMODB_ENDPOINT = AwsNames.DYNAMODB_ENDPOINT;
    public static final String REVOCATION_MODE = "REVOCATION_MODE";
    public static final String CONSISTENT_READ = "CONSISTENT_READ";
    public static final String ROUTE_SCOPES = RouteScopes.VARIABLE;
    public static final String REVOCATION_CACHE_SECONDS = "REVOCATION_CACHE_SECONDS";
    public static final String HTTP_API_RESPONSE = "HTTP_API_RESPONSE";
    public static final String STORE_TIMEOUT_MILLIS = "STORE_TIMEOUT_MILLIS";
    public static final String STORE_ATTEMPT_TIMEOUT_MILLIS = "STORE_ATTEMPT_TIMEOUT_MILLIS";
    public static final String STORE_MAX_ATTEMPTS = "STORE_MAX_ATTEMPTS";
    public static final String HOT_TOKEN_THRESHOLD_PER_SECOND = "HOT_TOKEN_THRESHOLD_PER_SECOND";
    /** See docs/SCALE.md for why 5, and DEPLOY.md's revocation-latency table for what it costs (under 1 s). */
    public static final int DEFAULT_HOT_TOKEN_THRESHOLD = 5;
    public static final String VERIFIED_TOKEN_CACHE_ENTRIES = "VERIFIED_TOKEN_CACHE_ENTRIES";
    /** At most 2 KiB of estimated heap each: 20 MiB of the function's 1,024 MB at the default. */
    public static final int DEFAULT_VERIFIED_TOKEN_CACHE = 10_000;
    public static final int MAX_VERIFIED_TOKEN_CACHE = 100_000;
    public static final String METRIC_NAMESPACE = MetricNamespace.VARIABLE;
    public static final String AUTHORIZER_RESULT_TTL_SECONDS = "AUTHORIZER_RESULT_TTL_SECONDS";
    public static final String PUBLIC_BASE_URLS = PublicBaseUrls.VARIABLE;

    /** Every variable this function reads (the SDK itself reads the credentials). */
    public static final Set<String> VARIABLES;
    /** The variables without a default (besides the trust configuration: TRUSTED_ISSUERS or JWT_ISSUER and co.). */
    public static final Set<String> REQUIRED = Set.of(AWS_REGION, TOKEN_TABLE);

    static {
        Set<String> all = new LinkedHashSet<>(JwtConfig.VARIABLES);
        all.addAll(Set.of(AWS_REGION, TOKEN_TABLE, REVOCATION_MODE, CONSISTENT_READ, ROUTE_SCOPES,
                REVOCATION_CACHE_SECONDS, HTTP_API_RESPONSE, STORE_TIMEOUT_MILLIS, STORE_ATTEMPT_TIMEOUT_MILLIS,
                STORE_MAX_ATTEMPTS, DYNAMODB_ENDPOINT, HOT_TOKEN_THRESHOLD_PER_SECOND, VERIFIED_TOKEN_CACHE_ENTRIES,
                METRIC_NAMESPACE, AUTHORIZER_RESULT_TTL_SECONDS, PUBLIC_BASE_URLS));
        VARIABLES = Set.copyOf(all);
    }

    /** The longest in-container "not revoked" memory an operator may choose. */
    static final long MAX_REVOCATION_CACHE_SECONDS = 300;
    /** API Gateway's own maximum authorizer result TTL. */
    static final long MAX_AUTHORIZER_RESULT_TTL_SECONDS = 3600;

    /** How an HTTP API (payload 2.0) answer is shaped. */
    public enum HttpApiResponse {
        /** {@code {"isAuthorized": true|false, "context": {...}}}; needs {@code EnableSimpleResponses: true}. */
        SIMPLE,
        /** The same IAM policy document as for REST APIs. */
        IAM
    }

    public AuthorizerConfig {
        Objects.requireNonNull(jwt, "jwt");
        AwsNames.region(region);
        AwsNames.tableName(TOKEN_TABLE, tokenTable);
        dynamoDbEndpoint = AwsNames.endpoint(dynamoDbEndpoint);
        Objects.requireNonNull(revocationMode, REVOCATION_MODE);
        Objects.requireNonNull(routeScopes, ROUTE_SCOPES);
        Objects.requireNonNull(httpApiResponse, HTTP_API_RESPONSE);
        Objects.requireNonNull(storeBudget, STORE_TIMEOUT_MILLIS);
        Objects.requireNonNull(metricNamespace, METRIC_NAMESPACE);
        if (!routeScopes.isEmpty() && httpApiResponse == HttpApiResponse.SIMPLE) {
            // A simple response is one boolean that names no route: an HTTP API caching it would reuse an Allow
            // earned on one route for routes the token's scopes forbid. Policies (iam) stay right for every route;
            // REST answers are policies either way, so this costs REST-only deployments nothing.
            throw new ConfigException(HTTP_API_RESPONSE, "must be iam when ROUTE_SCOPES is set: a simple response "
                    + "cannot name routes, so a cached answer would apply to routes the token may not call");
        }
        if (revocationCache == null || revocationCache.isNegative()
                || revocationCache.getSeconds() > MAX_REVOCATION_CACHE_SECONDS) {
            throw new ConfigException(REVOCATION_CACHE_SECONDS, "must be between 0 and " + MAX_REVOCATION_CACHE_SECONDS);
        }
        if (hotTokenThreshold < 0 || hotTokenThreshold > HotTokenShield.MAX_THRESHOLD) {
            throw new ConfigException(HOT_TOKEN_THRESHOLD_PER_SECOND, "must be between 0 and "
                    + HotTokenShield.MAX_THRESHOLD);
        }
        if (verifiedTokenCache < 0 || verifiedTokenCache > MAX_VERIFIED_TOKEN_CACHE) {
            throw new ConfigException(VERIFIED_TOKEN_CACHE_ENTRIES, "must be between 0 and " + MAX_VERIFIED_TOKEN_CACHE);
        }
        if (authorizerResultTtl == null || authorizerResultTtl.isNegative()
                || authorizerResultTtl.getSeconds() > MAX_AUTHORIZER_RESULT_TTL_SECONDS) {
            throw new ConfigException(AUTHORIZER_RESULT_TTL_SECONDS, "must be between 0 and "
                    + MAX_AUTHORIZER_RESULT_TTL_SECONDS);
        }
        Objects.requireNonNull(publicBaseUrls, PUBLIC_BASE_URLS);
        if (!authorizerResultTtl.isZero()) {
            // A DPoP proof is single-use and names one request: an answer API Gateway caches on the Authorization
            // header would let the token through again without a proof. Such a profile cannot work with caching.
            for (IssuerProfile profile : jwt.profiles()) {
                if (profile.dpop().required()) {
                    throw new ConfigException(AUTHORIZER_RESULT_TTL_SECONDS, "must be 0 while issuer profile '"
                            + profile.id() + "' requires DPoP: a cached answer would let a DPoP-bound token through "
                            + "without its single-use proof");
                }
            }
        }
    }

    /**
     * The same configuration with the shield's and the verified-token cache's defaults, the default metric namespace,
     * no cached answers and no public base URLs (SnapStart priming builds one for its own call, whose lines go
     * nowhere).
     */
    public AuthorizerConfig(JwtConfig jwt, Region region, String tokenTable, RevocationMode revocationMode,
                            boolean consistentRead, RouteScopes routeScopes, Duration revocationCache,
                            HttpApiResponse httpApiResponse, DynamoDbClients.Budget storeBudget,
                            Optional<URI> dynamoDbEndpoint) {
        this(jwt, region, tokenTable, revocationMode, consistentRead, routeScopes, revocationCache, httpApiResponse,
                storeBudget, dynamoDbEndpoint, DEFAULT_HOT_TOKEN_THRESHOLD, DEFAULT_VERIFIED_TOKEN_CACHE,
                new MetricNamespace(MetricNamespace.DEFAULT), Duration.ZERO, PublicBaseUrls.NONE);
    }

    /** Whether API Gateway may reuse an answer for another request (sender-constrained tokens are then refused). */
    public boolean answersMayBeCached() {
        return !authorizerResultTtl.isZero();
    }

    /** The same settings trusting other issuer profiles (SnapStart priming swaps in throwaway keys). */
    public AuthorizerConfig withJwt(JwtConfig otherJwt) {
        return new AuthorizerConfig(otherJwt, region, tokenTable, revocationMode, consistentRead, routeScopes,
                revocationCache, httpApiResponse, storeBudget, dynamoDbEndpoint, hotTokenThreshold, verifiedTokenCache,
                metricNamespace, authorizerResultTtl, publicBaseUrls);
    }

    /** Reads the Lambda environment. The only place the authorizer touches {@code System.getenv()}. */
    public static AuthorizerConfig fromSystemEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static AuthorizerConfig fromEnvironment(Map<String, String> environment) {
        Settings settings = Settings.of(environment);
        JwtConfig jwt = JwtConfig.fromEnvironment(environment);
        Region region = AwsNames.region(settings);
        String table = settings.required(TOKEN_TABLE);
        RevocationMode mode = RevocationMode.valueOf(
                settings.choice(REVOCATION_MODE, "denylist", "denylist", "allowlist").toUpperCase(Locale.ROOT));
        boolean consistent = settings.bool(CONSISTENT_READ, true);
        RouteScopes routes = RouteScopes.parse(settings.optional(ROUTE_SCOPES).orElse(null));
        Duration cache = settings.seconds(REVOCATION_CACHE_SECONDS, 0, 0, MAX_REVOCATION_CACHE_SECONDS);
        HttpApiResponse http = HttpApiResponse.valueOf(
                settings.choice(HTTP_API_RESPONSE, "simple", "simple", "iam").toUpperCase(Locale.ROOT));
        long total = settings.integer(STORE_TIMEOUT_MILLIS, 1000, 50, 10_000);
        long attempt = settings.integer(STORE_ATTEMPT_TIMEOUT_MILLIS, 400, 50, 10_000);
        int attempts = (int) settings.integer(STORE_MAX_ATTEMPTS, 2, 1, 5);
        if (attempt > total) {
            throw new ConfigException(STORE_ATTEMPT_TIMEOUT_MILLIS, "must not exceed " + STORE_TIMEOUT_MILLIS
                    + " (" + attempt + " > " + total + ")");
        }
        // One attempt's budget also bounds the TCP connect: a table that cannot even be reached fails fast.
        DynamoDbClients.Budget budget = new DynamoDbClients.Budget(Duration.ofMillis(total), Duration.ofMillis(attempt),
                attempts, Duration.ofMillis(attempt));
        int hotTokens = (int) settings.integer(HOT_TOKEN_THRESHOLD_PER_SECOND, DEFAULT_HOT_TOKEN_THRESHOLD, 0,
                HotTokenShield.MAX_THRESHOLD);
        int verifiedTokens = (int) settings.integer(VERIFIED_TOKEN_CACHE_ENTRIES, DEFAULT_VERIFIED_TOKEN_CACHE, 0,
                MAX_VERIFIED_TOKEN_CACHE);
        Duration resultTtl = settings.seconds(AUTHORIZER_RESULT_TTL_SECONDS, 0, 0, MAX_AUTHORIZER_RESULT_TTL_SECONDS);
        PublicBaseUrls baseUrls = PublicBaseUrls.parse(settings.optional(PUBLIC_BASE_URLS).orElse(null));
        return new AuthorizerConfig(jwt, region, table, mode, consistent, routes, cache, http, budget,
                AwsNames.endpoint(settings), hotTokens, verifiedTokens, MetricNamespace.from(settings), resultTtl,
                baseUrls);
    }
}

package dev.tokengate.core.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.tokengate.core.config.ConfigException;
import dev.tokengate.core.config.Settings;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How tokens are validated: read once at init from the environment, validated here, immutable and safe to log.
 * Nothing in it can be set to a permissive value: symmetric algorithms and {@code none} are refused, issuer and
 * audience are required, and the key source is exactly one of a remote https JWKS or an inline public JWK set.
 *
 * @param issuer exact expected {@code iss}
 * @param audiences accepted audiences; a token must name at least one
 * @param jwksUrl remote JWKS endpoint (https, or http to a loopback host for local runs), or empty
 * @param inlineJwks inline public JWK set, or empty
 * @param algorithms the signature algorithm allowlist (asymmetric only)
 * @param types accepted {@code typ} values, normalised (lower case, without {@code application/})
 * @param allowMissingType whether a token without {@code typ} is accepted ({@code none} in {@code JWT_TYPES})
 * @param clockSkew tolerance for {@code exp}, {@code nbf} and {@code iat}
 * @param extraRequiredClaims claims required on top of {@code sub}, {@code jti}, {@code exp}, {@code iat}
 * @param maxTokenBytes tokens longer than this are refused before parsing
 * @param maxTokenLifetime the longest {@code exp - iat} accepted; revocation records are kept this long, so a
 *     token living longer could outlive its own revocation
 * @param jwks timeouts and cache settings of the remote JWKS
 */
public record JwtConfig(
        String issuer,
        Set<String> audiences,
        Optional<URI> jwksUrl,
        Optional<JWKSet> inlineJwks,
        Set<JWSAlgorithm> algorithms,
        Set<String> types,
        boolean allowMissingType,
        Duration clockSkew,
        Set<String> extraRequiredClaims,
        int maxTokenBytes,
        Duration maxTokenLifetime,
        JwksSettings jwks) {

    public static final String JWT_ISSUER = "JWT_ISSUER";
    public static final String JWT_AUDIENCE = "JWT_AUDIENCE";
    public static final String JWKS_URL = "JWKS_URL";
    public static final String JWKS = "JWKS";
    public static final String JWT_ALGORITHMS = "JWT_ALGORITHMS";
    public static final String JWT_TYPES = "JWT_TYPES";
    public static final String CLOCK_SKEW_SECONDS = "CLOCK_SKEW_SECONDS";
    public static final String JWT_REQUIRED_CLAIMS = "JWT_REQUIRED_CLAIMS";
    public static final String JWT_MAX_TOKEN_BYTES = "JWT_MAX_TOKEN_BYTES";
    public static final String MAX_TOKEN_LIFETIME_SECONDS = "MAX_TOKEN_LIFETIME_SECONDS";

    /** Every variable this record reads, for the template checks. */
    public static final Set<String> VARIABLES = Set.of(JWT_ISSUER, JWT_AUDIENCE, JWKS_URL, JWKS, JWT_ALGORITHMS,
            JWT_TYPES, CLOCK_SKEW_SECONDS, JWT_REQUIRED_CLAIMS, JWT_MAX_TOKEN_BYTES, MAX_TOKEN_LIFETIME_SECONDS,
            JwksSettings.JWKS_CONNECT_TIMEOUT_SECONDS, JwksSettings.JWKS_READ_TIMEOUT_SECONDS,
            JwksSettings.JWKS_CACHE_SECONDS, JwksSettings.JWKS_REFRESH_MIN_INTERVAL_SECONDS,
            JwksSettings.JWKS_OUTAGE_TOLERANCE_SECONDS);

    /** Claims every token must carry, whatever the configuration says. */
    public static final List<String> ALWAYS_REQUIRED_CLAIMS = List.of("sub", "jti", "exp", "iat");

    public static final int DEFAULT_MAX_TOKEN_BYTES = 8 * 1024;
    public static final long DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 86_400;
    public static final long MAX_MAX_TOKEN_LIFETIME_SECONDS = 10L * 365 * 86_400;

    /** Asymmetric JWS algorithms nimbus verifies with the JDK alone. EdDSA would need Tink; HS* and none never. */
    private static final Set<JWSAlgorithm> SUPPORTED = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    public JwtConfig {
        Objects.requireNonNull(jwksUrl, JWKS_URL);
        Objects.requireNonNull(inlineJwks, JWKS);
        if (issuer == null || issuer.isBlank()) {
            throw new ConfigException(JWT_ISSUER, "is required but not set");
        }
        if (audiences == null || audiences.isEmpty()) {
            throw new ConfigException(JWT_AUDIENCE, "is required: name at least one accepted audience");
        }
        if (jwksUrl.isPresent() == inlineJwks.isPresent()) {
            throw new ConfigException(JWKS_URL, "set exactly one of JWKS_URL (remote key set) or JWKS (inline key set)");
        }
        jwksUrl.ifPresent(JwtConfig::requireSafeJwksUrl);
        if (algorithms == null || algorithms.isEmpty()) {
            throw new ConfigException(JWT_ALGORITHMS, "must name at least one algorithm");
        }
        for (JWSAlgorithm algorithm : algorithms) {
            if (!SUPPORTED.contains(algorithm)) {
                throw new ConfigException(JWT_ALGORITHMS, algorithm + " is not an accepted algorithm; choose from "
                        + SUPPORTED.stream().map(JWSAlgorithm::getName).sorted().toList());
            }
        }
        if (types == null || (types.isEmpty() && !allowMissingType)) {
            throw new ConfigException(JWT_TYPES, "must accept at least one typ value");
        }
        if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new ConfigException(CLOCK_SKEW_SECONDS, "must be between 0 and 300 seconds");
        }
        if (maxTokenBytes < 256 || maxTokenBytes > 64 * 1024) {
            throw new ConfigException(JWT_MAX_TOKEN_BYTES, "must be between 256 and 65536");
        }
        if (maxTokenLifetime == null || maxTokenLifetime.toSeconds() < 60
                || maxTokenLifetime.toSeconds() > MAX_MAX_TOKEN_LIFETIME_SECONDS) {
            throw new ConfigException(MAX_TOKEN_LIFETIME_SECONDS, "must be between 60 and "
                    + MAX_MAX_TOKEN_LIFETIME_SECONDS + " seconds");
        }
        Objects.requireNonNull(jwks, "jwks settings");
        audiences = Collections.unmodifiableSet(new LinkedHashSet<>(audiences));
        algorithms = Collections.unmodifiableSet(new LinkedHashSet<>(algorithms));
        types = Collections.unmodifiableSet(new LinkedHashSet<>(types));
        extraRequiredClaims = extraRequiredClaims == null ? Set.of()
                : Collections.unmodifiableSet(new LinkedHashSet<>(extraRequiredClaims));
    }

    /** Reads the variables documented in DESIGN.md; fails naming the variable on anything missing or unsafe. */
    public static JwtConfig fromEnvironment(Map<String, String> environment) {
        Settings settings = Settings.of(environment);
        String issuer = settings.required(JWT_ISSUER);
        Set<String> audiences = settings.list(JWT_AUDIENCE, null);
        if (audiences.isEmpty()) {
            throw new ConfigException(JWT_AUDIENCE, "is required but not set");
        }
        Optional<URI> url = settings.optional(JWKS_URL).map(value -> Settings.uri(JWKS_URL, value));
        Optional<JWKSet> inline = settings.optional(JWKS).map(JwtConfig::parseInlineJwks);

        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        for (String name : settings.list(JWT_ALGORITHMS, "RS256,ES256")) {
            algorithms.add(parseAlgorithm(name));
        }
        Set<String> types = new LinkedHashSet<>();
        boolean allowMissingType = false;
        for (String type : settings.list(JWT_TYPES, "JWT,at+jwt")) {
            if (type.equalsIgnoreCase("none")) {
                allowMissingType = true;
            } else {
                types.add(normaliseType(type));
            }
        }
        Duration skew = settings.seconds(CLOCK_SKEW_SECONDS, 0, 0, 300);
        Set<String> extra = new LinkedHashSet<>(settings.list(JWT_REQUIRED_CLAIMS, ""));
        extra.removeAll(ALWAYS_REQUIRED_CLAIMS);
        int maxBytes = (int) settings.integer(JWT_MAX_TOKEN_BYTES, DEFAULT_MAX_TOKEN_BYTES, 256, 64 * 1024);
        Duration lifetime = settings.seconds(MAX_TOKEN_LIFETIME_SECONDS, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, 60,
                MAX_MAX_TOKEN_LIFETIME_SECONDS);
        return new JwtConfig(issuer, audiences, url, inline, algorithms, types, allowMissingType, skew, extra,
                maxBytes, lifetime, JwksSettings.fromSettings(settings));
    }

    /** RFC 8725 3.11: {@code typ} compares case-insensitively and may omit the {@code application/} prefix. */
    static String normaliseType(String type) {
        String lower = type.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
    }

    static boolean isNone(String algorithmName) {
        return "none".equalsIgnoreCase(algorithmName);
    }

    private static JWSAlgorithm parseAlgorithm(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (isNone(name)) {
            throw new ConfigException(JWT_ALGORITHMS, "'none' is refused: unsigned tokens are never accepted");
        }
        if (upper.startsWith("HS")) {
            throw new ConfigException(JWT_ALGORITHMS, name + " is refused: symmetric algorithms let anyone holding "
                    + "the verification secret mint tokens; use an asymmetric algorithm (RS256, ES256, ...)");
        }
        for (JWSAlgorithm supported : SUPPORTED) {
            if (supported.getName().equals(upper)) {
                return supported;
            }
        }
        throw new ConfigException(JWT_ALGORITHMS, name + " is not an accepted algorithm; choose from "
                + SUPPORTED.stream().map(JWSAlgorithm::getName).sorted().toList());
    }

    private static JWKSet parseInlineJwks(String json) {
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (ParseException e) {
            throw new ConfigException(JWKS, "is not a valid JWK set (RFC 7517 JSON with a \"keys\" array)");
        }
        for (JWK key : set.getKeys()) {
            if (key.isPrivate()) {
                throw new ConfigException(JWKS, "contains private key material (kid " + key.getKeyID()
                        + "); configure only public keys");
            }
        }
        if (set.getKeys().isEmpty()) {
            throw new ConfigException(JWKS, "contains no keys");
        }
        return set;
    }

    private static void requireSafeJwksUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http") && isLoopback(url.getHost())) {
            return; // local runs only: a key set fetched in clear text over a network could be swapped
        }
        throw new ConfigException(JWKS_URL, "must be an https URL (plain http is accepted only for a loopback host)");
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    /**
     * Remote JWKS behaviour: explicit HTTP timeouts, a cache with a TTL, at most one refresh per interval when an
     * unknown {@code kid} arrives, and outage tolerance (cached keys keep answering while the endpoint is down).
     */
    public record JwksSettings(Duration connectTimeout, Duration readTimeout, Duration cacheTtl,
                               Duration refreshMinInterval, Duration outageTolerance) {
        public static final String JWKS_CONNECT_TIMEOUT_SECONDS = "JWKS_CONNECT_TIMEOUT_SECONDS";
        public static final String JWKS_READ_TIMEOUT_SECONDS = "JWKS_READ_TIMEOUT_SECONDS";
        public static final String JWKS_CACHE_SECONDS = "JWKS_CACHE_SECONDS";
        public static final String JWKS_REFRESH_MIN_INTERVAL_SECONDS = "JWKS_REFRESH_MIN_INTERVAL_SECONDS";
        public static final String JWKS_OUTAGE_TOLERANCE_SECONDS = "JWKS_OUTAGE_TOLERANCE_SECONDS";

        public static final JwksSettings DEFAULTS = new JwksSettings(Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofHours(1));

        public JwksSettings {
            requirePositive(connectTimeout, JWKS_CONNECT_TIMEOUT_SECONDS);
            requirePositive(readTimeout, JWKS_READ_TIMEOUT_SECONDS);
            requirePositive(cacheTtl, JWKS_CACHE_SECONDS);
            requirePositive(refreshMinInterval, JWKS_REFRESH_MIN_INTERVAL_SECONDS);
            requirePositive(outageTolerance, JWKS_OUTAGE_TOLERANCE_SECONDS);
            if (refreshMinInterval.compareTo(cacheTtl) >= 0) {
                throw new ConfigException(JWKS_REFRESH_MIN_INTERVAL_SECONDS, "must be shorter than JWKS_CACHE_SECONDS");
            }
        }

        static JwksSettings fromSettings(Settings settings) {
            return new JwksSettings(
                    settings.seconds(JWKS_CONNECT_TIMEOUT_SECONDS, 2, 1, 10),
                    settings.seconds(JWKS_READ_TIMEOUT_SECONDS, 2, 1, 10),
                    settings.seconds(JWKS_CACHE_SECONDS, 300, 2, 86_400),
                    settings.seconds(JWKS_REFRESH_MIN_INTERVAL_SECONDS, 30, 1, 3_600),
                    settings.seconds(JWKS_OUTAGE_TOLERANCE_SECONDS, 3_600, 1, 86_400));
        }

        private static void requirePositive(Duration value, String name) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new ConfigException(name, "must be a positive number of seconds");
            }
        }
    }
}

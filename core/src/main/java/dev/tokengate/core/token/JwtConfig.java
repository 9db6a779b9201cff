package dev.tokengate.core.token;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tokengate.core.config.ConfigException;
import dev.tokengate.core.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which tokens are trusted and how they are validated: one {@link IssuerProfile} per trusted issuer, read once at init
 * from {@code TRUSTED_ISSUERS} (a JSON array of profiles) or from the single-issuer variables ({@code JWT_ISSUER},
 * {@code JWT_AUDIENCE}, {@code JWKS_URL}/{@code JWKS}, ..., the profile {@code default}); setting both is an init
 * error. Plus the limits that hold whatever the issuer: the token size cap (checked before any {@code iss} is known)
 * and the JWKS client's timeouts and cache. Immutable and safe to log: key material here is public.
 *
 * @param profiles the trusted issuers, unique by id and by exact issuer
 * @param maxTokenBytes tokens longer than this are refused before parsing
 * @param jwks timeouts and cache settings of every remote key set and discovery document
 */
public record JwtConfig(List<IssuerProfile> profiles, int maxTokenBytes, JwksSettings jwks) {

    public static final String TRUSTED_ISSUERS = TrustedIssuers.VARIABLE;
    public static final String JWT_ISSUER = "JWT_ISSUER";
    public static final String JWT_AUDIENCE = "JWT_AUDIENCE";
    public static final String JWKS_URL = "JWKS_URL";
    public static final String JWKS = "JWKS";
    public static final String JWT_ALGORITHMS = "JWT_ALGORITHMS";
    public static final String JWT_TYPES = "JWT_TYPES";
    public static final String CLOCK_SKEW_SECONDS = "CLOCK_SKEW_SECONDS";
    public static final String JWT_REQUIRED_CLAIMS = "JWT_REQUIRED_CLAIMS";
    public static final String MAX_TOKEN_LIFETIME_SECONDS = "MAX_TOKEN_LIFETIME_SECONDS";
    public static final String MAX_REFRESH_TOKEN_LIFETIME_SECONDS = "MAX_REFRESH_TOKEN_LIFETIME_SECONDS";
    public static final String JWT_MAX_TOKEN_BYTES = "JWT_MAX_TOKEN_BYTES";

    /** The single-issuer variables: the shorthand for one profile, {@code default}. */
    public static final List<String> SINGLE_ISSUER_VARIABLES = List.of(JWT_ISSUER, JWT_AUDIENCE, JWKS_URL, JWKS,
            JWT_ALGORITHMS, JWT_TYPES, CLOCK_SKEW_SECONDS, MAX_TOKEN_LIFETIME_SECONDS,
            MAX_REFRESH_TOKEN_LIFETIME_SECONDS, JWT_REQUIRED_CLAIMS);

    /** Every variable this record reads, for the template checks. */
    public static final Set<String> VARIABLES;

    static {
        Set<String> all = new LinkedHashSet<>(SINGLE_ISSUER_VARIABLES);
        all.add(TRUSTED_ISSUERS);
        all.add(JWT_MAX_TOKEN_BYTES);
        all.addAll(JwksSettings.VARIABLES);
        VARIABLES = Set.copyOf(all);
    }

    /** Claims every token must carry, whatever the configuration says. */
    public static final List<String> ALWAYS_REQUIRED_CLAIMS = List.of(Claims.SUB, Claims.JTI, Claims.EXP,
            Claims.IAT, Claims.ISS);

    public static final Set<String> DEFAULT_TYPES = Set.of("jwt", "at+jwt");
    public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    public static final int DEFAULT_MAX_TOKEN_BYTES = 8 * 1024;
    public static final int MIN_MAX_TOKEN_BYTES = 256;
    public static final int MAX_MAX_TOKEN_BYTES = 64 * 1024;

    public JwtConfig {
        profiles = List.copyOf(Objects.requireNonNull(profiles, TRUSTED_ISSUERS));
        if (profiles.isEmpty() || profiles.size() > TrustedIssuers.MAX_PROFILES) {
            throw new ConfigException(TRUSTED_ISSUERS, "must name 1 to " + TrustedIssuers.MAX_PROFILES
                    + " issuer profiles");
        }
        Set<String> ids = new HashSet<>();
        Set<String> issuers = new HashSet<>();
        for (IssuerProfile profile : profiles) {
            if (!ids.add(profile.id()) || !issuers.add(profile.issuer())) {
                throw new ConfigException(TRUSTED_ISSUERS, "profile '" + profile.id()
                        + "': ids and issuers must be unique");
            }
        }
        if (maxTokenBytes < MIN_MAX_TOKEN_BYTES || maxTokenBytes > MAX_MAX_TOKEN_BYTES) {
            throw new ConfigException(JWT_MAX_TOKEN_BYTES, "must be between " + MIN_MAX_TOKEN_BYTES + " and "
                    + MAX_MAX_TOKEN_BYTES);
        }
        Objects.requireNonNull(jwks, "jwks settings");
    }

    /** The profile a token's exact {@code iss} selects. */
    public Optional<IssuerProfile> forIssuer(String iss) {
        for (IssuerProfile profile : profiles) {
            if (profile.issuer().equals(iss)) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }

    public Optional<IssuerProfile> profile(String id) {
        for (IssuerProfile profile : profiles) {
            if (profile.id().equals(id)) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }

    /** The longest token lifetime any profile accepts: no token outlives it. */
    public Duration maxTokenLifetime() {
        return profiles.stream().map(IssuerProfile::maxTokenLifetime).max(Duration::compareTo).orElseThrow();
    }

    /** Every algorithm any profile accepts: a token whose header names another is refused before its payload. */
    public Set<JWSAlgorithm> anyProfileAlgorithms() {
        Set<JWSAlgorithm> all = new HashSet<>();
        profiles.forEach(profile -> all.addAll(profile.algorithms()));
        return all;
    }

    /** The same limits over other profiles (SnapStart priming). */
    public JwtConfig withProfiles(List<IssuerProfile> others) {
        return new JwtConfig(others, maxTokenBytes, jwks);
    }

    /** Reads the variables; fails naming the variable (and the profile and field) on anything missing or unsafe. */
    public static JwtConfig fromEnvironment(Map<String, String> environment) {
        Settings settings = Settings.of(environment);
        Optional<String> trusted = settings.optional(TRUSTED_ISSUERS);
        List<String> shorthand = SINGLE_ISSUER_VARIABLES.stream().filter(v -> settings.optional(v).isPresent())
                .toList();
        if (trusted.isPresent() && !shorthand.isEmpty()) {
            throw new ConfigException(TRUSTED_ISSUERS, "and " + String.join(", ", shorthand) + " are both set: "
                    + "use TRUSTED_ISSUERS alone, or the single-issuer variables alone");
        }
        List<IssuerProfile> profiles = trusted.isPresent() ? TrustedIssuers.parse(trusted.get())
                : List.of(singleIssuer(settings));
        int maxBytes = (int) settings.integer(JWT_MAX_TOKEN_BYTES, DEFAULT_MAX_TOKEN_BYTES, Integer.MIN_VALUE,
                Integer.MAX_VALUE);
        return new JwtConfig(profiles, maxBytes, JwksSettings.fromSettings(settings));
    }

    /** The single-issuer variables as the profile {@code default}. */
    private static IssuerProfile singleIssuer(Settings settings) {
        ProfileDraft draft = new ProfileDraft();
        draft.id = IssuerProfile.DEFAULT_ID;
        try {
            draft.issuer = settings.optional(JWT_ISSUER).orElseThrow(() -> new IssuerProfile.Invalid("issuer",
                    "is required but not set (or set TRUSTED_ISSUERS)"));
            Set<String> audiences = settings.list(JWT_AUDIENCE, null);
            if (audiences.isEmpty()) {
                throw new IssuerProfile.Invalid("audiences", "is required but not set");
            }
            draft.audiences = audiences;
            Optional<String> url = settings.optional(JWKS_URL);
            Optional<String> inline = settings.optional(JWKS);
            if (url.isPresent() == inline.isPresent()) {
                throw new IssuerProfile.Invalid("jwksUrl", "set exactly one of JWKS_URL (remote key set) or JWKS "
                        + "(inline key set)");
            }
            if (url.isPresent()) {
                URI uri = Settings.uri(JWKS_URL, url.get());
                try {
                    draft.keys = new KeySource.Remote(uri);
                } catch (IllegalArgumentException e) {
                    throw new IssuerProfile.Invalid("jwksUrl", e.getMessage());
                }
            } else {
                draft.keys = ProfileFields.inlineJwks(inline.get());
            }
            draft.algorithms = ProfileFields.algorithms(settings.list(JWT_ALGORITHMS, "RS256,ES256"));
            ProfileFields.types(settings.list(JWT_TYPES, "JWT,at+jwt"), draft);
            draft.clockSkew = Duration.ofSeconds(settings.integer(CLOCK_SKEW_SECONDS, 0, Long.MIN_VALUE,
                    Long.MAX_VALUE));
            draft.maxTokenLifetime = Duration.ofSeconds(settings.integer(MAX_TOKEN_LIFETIME_SECONDS,
                    IssuerProfile.DEFAULT_MAX_TOKEN_LIFETIME.toSeconds(), Long.MIN_VALUE, Long.MAX_VALUE));
            draft.maxRefreshTokenLifetime = Duration.ofSeconds(settings.integer(MAX_REFRESH_TOKEN_LIFETIME_SECONDS,
                    IssuerProfile.DEFAULT_MAX_REFRESH_TOKEN_LIFETIME.toSeconds(), Long.MIN_VALUE, Long.MAX_VALUE));
            Set<String> required = new LinkedHashSet<>(settings.list(JWT_REQUIRED_CLAIMS, ""));
            required.removeAll(ALWAYS_REQUIRED_CLAIMS);
            draft.requiredClaims = required;
            return draft.build();
        } catch (IssuerProfile.Invalid invalid) {
            throw new ConfigException(singleIssuerVariable(invalid.field()), invalid.problem());
        }
    }

    /** The variable behind a profile field, for messages about the single-issuer configuration. */
    private static String singleIssuerVariable(String field) {
        return switch (field) {
            case "issuer" -> JWT_ISSUER;
            case "audiences" -> JWT_AUDIENCE;
            case "jwksUrl" -> JWKS_URL;
            case "jwks" -> JWKS;
            case "algorithms" -> JWT_ALGORITHMS;
            case "types" -> JWT_TYPES;
            case "clockSkewSeconds" -> CLOCK_SKEW_SECONDS;
            case "maxTokenLifetimeSeconds" -> MAX_TOKEN_LIFETIME_SECONDS;
            case "maxRefreshTokenLifetimeSeconds" -> MAX_REFRESH_TOKEN_LIFETIME_SECONDS;
            case "requiredClaims" -> JWT_REQUIRED_CLAIMS;
            default -> JWT_ISSUER;
        };
    }

    /**
     * Remote key sets and discovery documents: explicit HTTP timeouts, a cache with a TTL, at most one refresh per
     * interval when an unknown {@code kid} arrives, and outage tolerance (cached keys keep answering while the
     * endpoint is down). Every range is checked here, whichever way the record is built.
     */
    public record JwksSettings(Duration connectTimeout, Duration readTimeout, Duration cacheTtl,
                               Duration refreshMinInterval, Duration outageTolerance) {
        public static final String JWKS_CONNECT_TIMEOUT_SECONDS = "JWKS_CONNECT_TIMEOUT_SECONDS";
        public static final String JWKS_READ_TIMEOUT_SECONDS = "JWKS_READ_TIMEOUT_SECONDS";
        public static final String JWKS_CACHE_SECONDS = "JWKS_CACHE_SECONDS";
        public static final String JWKS_REFRESH_MIN_INTERVAL_SECONDS = "JWKS_REFRESH_MIN_INTERVAL_SECONDS";
        public static final String JWKS_OUTAGE_TOLERANCE_SECONDS = "JWKS_OUTAGE_TOLERANCE_SECONDS";
        static final Set<String> VARIABLES = Set.of(JWKS_CONNECT_TIMEOUT_SECONDS, JWKS_READ_TIMEOUT_SECONDS,
                JWKS_CACHE_SECONDS, JWKS_REFRESH_MIN_INTERVAL_SECONDS, JWKS_OUTAGE_TOLERANCE_SECONDS);

        public static final JwksSettings DEFAULTS = new JwksSettings(Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofHours(1));

        public JwksSettings {
            requireSeconds(connectTimeout, JWKS_CONNECT_TIMEOUT_SECONDS, 1, 10);
            requireSeconds(readTimeout, JWKS_READ_TIMEOUT_SECONDS, 1, 10);
            requireSeconds(cacheTtl, JWKS_CACHE_SECONDS, 2, 86_400);
            requireSeconds(refreshMinInterval, JWKS_REFRESH_MIN_INTERVAL_SECONDS, 1, 3_600);
            requireSeconds(outageTolerance, JWKS_OUTAGE_TOLERANCE_SECONDS, 1, 86_400);
            if (refreshMinInterval.compareTo(cacheTtl) >= 0) {
                throw new ConfigException(JWKS_REFRESH_MIN_INTERVAL_SECONDS, "must be shorter than JWKS_CACHE_SECONDS");
            }
        }

        static JwksSettings fromSettings(Settings settings) {
            return new JwksSettings(
                    seconds(settings, JWKS_CONNECT_TIMEOUT_SECONDS, DEFAULTS.connectTimeout()),
                    seconds(settings, JWKS_READ_TIMEOUT_SECONDS, DEFAULTS.readTimeout()),
                    seconds(settings, JWKS_CACHE_SECONDS, DEFAULTS.cacheTtl()),
                    seconds(settings, JWKS_REFRESH_MIN_INTERVAL_SECONDS, DEFAULTS.refreshMinInterval()),
                    seconds(settings, JWKS_OUTAGE_TOLERANCE_SECONDS, DEFAULTS.outageTolerance()));
        }

        private static Duration seconds(Settings settings, String name, Duration fallback) {
            return Duration.ofSeconds(settings.integer(name, fallback.toSeconds(), Long.MIN_VALUE, Long.MAX_VALUE));
        }

        private static void requireSeconds(Duration value, String name, long min, long max) {
            if (value == null || value.isNegative() || value.getNano() != 0 || value.getSeconds() < min
                    || value.getSeconds() > max) {
                throw new ConfigException(name, "must be between " + min + " and " + max + " seconds");
            }
        }
    }
}

package dev.tokengate.authorizer.config;

import dev.tokengate.core.config.ConfigException;
import dev.tokengate.core.token.KeySource;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code PUBLIC_BASE_URLS}: for APIs whose clients call them through another URL than the one API Gateway reports (a
 * CloudFront distribution, a proxy, a custom domain whose event path differs from what the client sees), the public
 * base URL of each API stage, so a DPoP proof's {@code htu} can be checked against the URL the client actually
 * signed: {@code <base URL><the API's own resource path>}. Comma-separated {@code <apiId>/<stage>=<base URL>}, at
 * most 5; the base URL is https (plain http only for a loopback host, for local runs), without query or fragment; a
 * trailing {@code /} is dropped. Empty by default: the URL is then rebuilt from the event.
 */
public record PublicBaseUrls(Map<String, URI> byApiStage) {
    public static final String VARIABLE = "PUBLIC_BASE_URLS";
    public static final PublicBaseUrls NONE = new PublicBaseUrls(Map.of());
    static final int MAX_ENTRIES = 5;
    private static final Pattern API_STAGE = Pattern.compile("[a-z0-9]{1,32}/(\\$default|[A-Za-z0-9_-]{1,128})");

    public PublicBaseUrls {
        byApiStage = Map.copyOf(byApiStage);
        if (byApiStage.size() > MAX_ENTRIES) {
            throw new ConfigException(VARIABLE, "names more than " + MAX_ENTRIES + " API stages");
        }
        byApiStage.forEach((apiStage, url) -> {
            if (!API_STAGE.matcher(apiStage).matches()) {
                throw new ConfigException(VARIABLE, "'" + apiStage + "' is not <apiId>/<stage>");
            }
            if (!KeySource.SafeUrls.isHttpsOrLoopbackHttp(url) || url.getRawQuery() != null
                    || url.getRawFragment() != null || url.getRawUserInfo() != null
                    || (url.getRawPath() != null && url.getRawPath().endsWith("/"))) {
                throw new ConfigException(VARIABLE, "the base URL of " + apiStage + " must be an https URL without "
                        + "query, fragment or trailing / (plain http only for a loopback host)");
            }
        });
    }

    /** Reads {@code a1b2c3d4e5/prod=https://api.example.com/orders,...}; empty or absent is {@link #NONE}. */
    public static PublicBaseUrls parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        Map<String, URI> entries = new LinkedHashMap<>();
        for (String entry : value.split(",", -1)) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(VARIABLE, "each entry is <apiId>/<stage>=<base URL>");
            }
            String base = entry.substring(eq + 1).strip();
            if (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            try {
                if (entries.put(entry.substring(0, eq).strip(), new URI(base)) != null) {
                    throw new ConfigException(VARIABLE, entry.substring(0, eq).strip() + " is named twice");
                }
            } catch (URISyntaxException e) {
                throw new ConfigException(VARIABLE, "'" + base + "' is not a URL");
            }
        }
        return new PublicBaseUrls(entries);
    }

    /** The base URL clients use for this API stage, if one is configured. */
    public Optional<URI> forStage(String apiId, String stage) {
        return Optional.ofNullable(byApiStage.get(apiId + "/" + stage));
    }
}

package dev.tokengate.authorizer.binding;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP method and the public URL of the request being authorized, rebuilt from what API Gateway put in the
 * event (never from a client header), and the one rule by which a DPoP proof's {@code htm} and {@code htu} are
 * compared with it (RFC 9449 section 4.3, checks 8 and 9).
 *
 * <p>{@code htu} is compared after the normalizations RFC 9449 asks for (RFC 3986 section 6.2.2 syntax-based and
 * 6.2.3 scheme-based): scheme and host are case-insensitive, the scheme's default port may be left out, an empty
 * path is {@code /}, percent-encodings compare with upper-case hex and unreserved characters decoded, dot segments
 * are removed. {@code htu} must have no query and no fragment (RFC 9449 section 4.2: "without query and fragment
 * parts"); the request's own query never enters the URL compared.
 *
 * @param method the request method, as API Gateway names it (upper case)
 * @param url the public URL without query: {@code https://<domain><path>}, or the configured public base URL
 *     followed by the API's own path
 */
public record HttpTarget(String method, URI url) {

    public HttpTarget {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
    }

    /** {@code scheme://host} (a non-default port kept) followed by {@code path}, or empty if that is not a URL. */
    public static Optional<HttpTarget> of(String method, String origin, String path) {
        if (method == null || method.isEmpty() || origin == null || path == null || !path.startsWith("/")) {
            return Optional.empty();
        }
        return canonical(origin + path).map(url -> new HttpTarget(method, url));
    }

    public boolean methodMatches(String htm) {
        return method.equals(htm);
    }

    /** Whether {@code htu} names this URL: same after normalization, and without query or fragment. */
    public boolean urlMatches(String htu) {
        if (htu == null || htu.indexOf('?') >= 0 || htu.indexOf('#') >= 0) {
            return false;
        }
        return canonical(htu).map(url::equals).orElse(false);
    }

    /**
     * The comparable form of an absolute http(s) URL: lower-case scheme and host, no default port, no user info,
     * query or fragment, a normalized non-empty path. Empty for anything else (a relative reference, another
     * scheme, a malformed URL).
     */
    static Optional<URI> canonical(String text) {
        if (text == null) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getRawAuthority() == null
                || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        int port = uri.getPort();
        if ((scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80)) {
            port = -1;
        }
        String path = normalizePercentEncoding(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/"
                : uri.getRawPath());
        if (path == null) {
            return Optional.empty();
        }
        try {
            String authority = uri.getHost().toLowerCase(Locale.ROOT) + (port == -1 ? "" : ":" + port);
            return Optional.of(new URI(scheme + "://" + authority + path).normalize());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * RFC 3986 section 6.2.2.1 and 6.2.2.2: percent-encoded unreserved characters are decoded, the hex digits of the
     * others upper-cased; null for a malformed escape.
     */
    private static String normalizePercentEncoding(String rawPath) {
        StringBuilder out = new StringBuilder(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 2 >= rawPath.length()) {
                return null;
            }
            int high = Character.digit(rawPath.charAt(i + 1), 16);
            int low = Character.digit(rawPath.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return null;
            }
            char decoded = (char) (high * 16 + low);
            if (isUnreserved(decoded)) {
                out.append(decoded);
            } else {
                out.append('%').append(Character.toUpperCase(rawPath.charAt(i + 1)))
                        .append(Character.toUpperCase(rawPath.charAt(i + 2)));
            }
            i += 2;
        }
        return out.toString();
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}

package dev.tokengate.core.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/** Where an issuer profile's verification keys come from: exactly one of these. */
public sealed interface KeySource {

    /** A JWKS endpoint (https; plain http only to a loopback host, for local runs). */
    record Remote(URI url) implements KeySource {
        public Remote {
            Objects.requireNonNull(url, "url");
            if (!SafeUrls.isHttpsOrLoopbackHttp(url)) {
                throw new IllegalArgumentException("must be an https URL (plain http only for a loopback host)");
            }
        }
    }

    /** A public JWK set given inline; private key material is refused. */
    record Inline(JWKSet keys) implements KeySource {
        public Inline {
            Objects.requireNonNull(keys, "keys");
            if (keys.getKeys().isEmpty()) {
                throw new IllegalArgumentException("contains no keys");
            }
            for (JWK key : keys.getKeys()) {
                if (key.isPrivate()) {
                    throw new IllegalArgumentException("contains private key material (kid " + key.getKeyID()
                            + "); configure only public keys");
                }
            }
        }
    }

    /**
     * OpenID Connect discovery: the JWKS URL is read from {@code <issuer>/.well-known/openid-configuration}, whose
     * {@code issuer} must equal the profile's exactly and whose {@code jwks_uri} must be https.
     */
    record Discovery() implements KeySource {
        /** The metadata document of an issuer (OIDC Discovery 1.0 section 4). */
        public static URI metadataUrl(String issuer) {
            String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
            return URI.create(base + "/.well-known/openid-configuration");
        }
    }

    /** The one rule for URLs tokengate fetches keys or metadata from. */
    final class SafeUrls {
        private SafeUrls() {
        }

        public static boolean isHttpsOrLoopbackHttp(URI url) {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (url.getHost() == null) {
                return false;
            }
            if (scheme.equals("https")) {
                return true;
            }
            // local runs only: keys fetched in clear text over a network could be swapped
            return scheme.equals("http") && isLoopback(url.getHost());
        }

        static boolean isLoopback(String host) {
            String h = host.toLowerCase(Locale.ROOT);
            return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
        }
    }
}

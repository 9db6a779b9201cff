package dev.tokengate.core.token;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.Resource;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

/**
 * An issuer's keys found through OpenID Connect discovery: {@code <issuer>/.well-known/openid-configuration} names the
 * JWKS endpoint. The document's {@code issuer} must equal the profile's exactly (OIDC Discovery 4.3: a document that
 * names another issuer must not be used) and its {@code jwks_uri} must be https; otherwise the profile's keys are
 * unavailable, an uncached error, never a 401. The document is cached like a key set, fetched with the same
 * timeouts, refreshed at most once per refresh interval after a failure, and its last good answer keeps serving for
 * the outage tolerance.
 */
final class DiscoveredJwkSource implements JWKSource<ValidationContext> {
    private static final int MAX_METADATA_BYTES = 64 * 1024;

    private final String issuer;
    private final URI metadataUrl;
    private final JwtConfig.JwksSettings settings;
    private final DefaultResourceRetriever retriever;
    private final KeyFetchCounts counts;
    private volatile Found found;
    /** When the last discovery attempt failed; 0 while none has. */
    private volatile long lastFailureMillis;
    private volatile String lastProblem;

    /** A usable discovery answer: the endpoint it named and the key source over it. */
    private record Found(URI jwksUri, JwkSources.Keys keys, long fetchedAtMillis) {
    }

    DiscoveredJwkSource(String issuer, JwtConfig.JwksSettings settings, KeyFetchCounts counts) {
        this.issuer = issuer;
        this.counts = counts;
        this.metadataUrl = KeySource.Discovery.metadataUrl(issuer);
        this.settings = settings;
        this.retriever = new DefaultResourceRetriever((int) settings.connectTimeout().toMillis(),
                (int) settings.readTimeout().toMillis(), MAX_METADATA_BYTES);
    }

    @Override
    public List<JWK> get(JWKSelector selector, ValidationContext context) throws KeySourceException {
        return current().keys().source().get(selector, context);
    }

    /** Whether the keys cannot be trusted to be complete: discovery is failing, or the JWKS endpoint is. */
    boolean inOutage() {
        Found current = found;
        return lastProblem != null || current == null || current.keys().inOutage().getAsBoolean();
    }

    private Found current() throws KeySourceException {
        long now = System.currentTimeMillis();
        Found current = found;
        if (current != null && now - current.fetchedAtMillis() < settings.cacheTtl().toMillis()) {
            return current;
        }
        synchronized (this) {
            current = found;
            if (current != null && now - current.fetchedAtMillis() < settings.cacheTtl().toMillis()) {
                return current;
            }
            if (lastFailureMillis != 0 && now - lastFailureMillis < settings.refreshMinInterval().toMillis()) {
                return stale(current, now);
            }
            try {
                counts.discoveryFetches.add();
                URI jwksUri = discover();
                JwkSources.Keys keys = current != null && current.jwksUri().equals(jwksUri) ? current.keys()
                        : JwkSources.remote(jwksUri, settings, counts);
                found = new Found(jwksUri, keys, now);
                lastProblem = null;
                return found;
            } catch (DiscoveryFailure failure) {
                counts.discoveryFailures.add();
                lastFailureMillis = now;
                lastProblem = failure.problem();
                return stale(current, now);
            }
        }
    }

    /** The last good answer while it is within the outage tolerance; otherwise the failure. */
    private Found stale(Found current, long now) throws DiscoveryFailure {
        long usableUntil = current == null ? Long.MIN_VALUE : current.fetchedAtMillis() + settings.cacheTtl().toMillis()
                + settings.outageTolerance().toMillis();
        if (current != null && now < usableUntil) {
            return current;
        }
        throw new DiscoveryFailure(lastProblem == null ? "no usable discovery document" : lastProblem);
    }

    private URI discover() throws DiscoveryFailure {
        Resource resource;
        try {
            resource = retriever.retrieveResource(metadataUrl.toURL());
        } catch (MalformedURLException e) {
            throw new DiscoveryFailure("the discovery URL is not a URL");
        } catch (IOException e) {
            throw new DiscoveryFailure("the discovery document could not be fetched (" + e.getClass().getSimpleName()
                    + ")");
        }
        Map<String, Object> metadata;
        try {
            metadata = JSONObjectUtils.parse(resource.getContent());
        } catch (ParseException e) {
            throw new DiscoveryFailure("the discovery document is not a JSON object");
        }
        if (!issuer.equals(metadata.get("issuer"))) {
            throw new DiscoveryFailure("the discovery document names another issuer");
        }
        if (!(metadata.get("jwks_uri") instanceof String text)) {
            throw new DiscoveryFailure("the discovery document has no jwks_uri");
        }
        URI jwksUri;
        try {
            jwksUri = new URI(text);
        } catch (URISyntaxException e) {
            throw new DiscoveryFailure("the discovery document's jwks_uri is not a URL");
        }
        if (!jwksUri.isAbsolute() || !KeySource.SafeUrls.isHttpsOrLoopbackHttp(jwksUri)) {
            throw new DiscoveryFailure("the discovery document's jwks_uri is not https");
        }
        return jwksUri;
    }

    /** Discovery failed; {@link #problem} is our own words, safe to log, never the remote's. */
    static final class DiscoveryFailure extends KeySourceException {
        private static final long serialVersionUID = 1L;
        private final String problem;

        DiscoveryFailure(String problem) {
            super("discovery failed");
            this.problem = problem;
        }

        String problem() {
            return problem;
        }
    }
}

package dev.tokengate.core.token;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.function.BooleanSupplier;

/** Builds the trusted key source named by the configuration: an inline set, or a remote set behind nimbus's decorators. */
final class JwkSources {
    /** A JWK set larger than this is not a key set; refuse it rather than parse it. */
    private static final int MAX_JWKS_BYTES = 256 * 1024;

    private JwkSources() {
    }

    /** A trusted key source and a way to ask whether its endpoint is in an outage. */
    record Keys(JWKSource<ValidationContext> source, BooleanSupplier inOutage) {
    }

    /** The key source a profile names: its inline set, its JWKS endpoint, or the endpoint discovery finds. */
    static Keys forProfile(IssuerProfile profile, JwtConfig.JwksSettings settings, KeyFetchCounts counts) {
        KeySource keys = profile.keys();
        if (keys instanceof KeySource.Inline inline) {
            return new Keys(new ImmutableJWKSet<>(inline.keys()), () -> false);
        }
        if (keys instanceof KeySource.Remote remote) {
            return remote(remote.url(), settings, counts);
        }
        DiscoveredJwkSource discovered = new DiscoveredJwkSource(profile.issuer(), settings, counts);
        return new Keys(discovered, discovered::inOutage);
    }

    /**
     * Cache with a TTL, at most one refresh per interval on an unknown {@code kid} (nimbus allows two fetches per
     * interval), cached keys kept through an outage, and no refresh-ahead scheduler: a frozen Lambda sandbox must not
     * strand a background thread. An unknown {@code kid} no fetch has looked for while the refresh budget is spent is
     * deferred ({@link DeferringJwkSource}), never refused.
     */
    static Keys remote(URI url, JwtConfig.JwksSettings settings, KeyFetchCounts counts) {
        int connectMillis = (int) settings.connectTimeout().toMillis();
        int readMillis = (int) settings.readTimeout().toMillis();
        DefaultResourceRetriever retriever = new DefaultResourceRetriever(connectMillis, readMillis, MAX_JWKS_BYTES);
        URL jwksUrl;
        try {
            jwksUrl = url.toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("the JWKS URL is not a URL", e);
        }
        UnknownKids unknownKids = new UnknownKids();
        FetchRecordingSource endpoint = new FetchRecordingSource(new URLBasedJWKSetSource<>(jwksUrl, retriever),
                unknownKids, counts);
        JWKSource<ValidationContext> cached = JWKSourceBuilder.create(endpoint)
                .cache(settings.cacheTtl().toMillis(), connectMillis + (long) readMillis)
                .refreshAheadCache(false)
                .rateLimited(settings.refreshMinInterval().toMillis())
                .outageTolerant(settings.outageTolerance().toMillis())
                .retrying(false)
                .build();
        return new Keys(new DeferringJwkSource(cached, unknownKids, endpoint::lastFetchFailed),
                endpoint::lastFetchFailed);
    }
}

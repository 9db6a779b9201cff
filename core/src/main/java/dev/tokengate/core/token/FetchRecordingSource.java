package dev.tokengate.core.token;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import java.io.IOException;

/**
 * The bottom of the remote key source: passes every fetch to the endpoint and remembers whether the last one
 * worked. When nimbus's rate limiter later refuses a refresh, this tells an unknown {@code kid} (the last fetch
 * worked, the key is simply not there: a 401) apart from an outage (the last fetch failed: an error, never a
 * refusal API Gateway would cache). It also counts every fetch and failure for the metrics.
 */
final class FetchRecordingSource implements JWKSetSource<ValidationContext> {
    private final JWKSetSource<ValidationContext> endpoint;
    private final KeyFetchCounts counts;
    private volatile boolean lastFetchFailed;

    FetchRecordingSource(JWKSetSource<ValidationContext> endpoint, KeyFetchCounts counts) {
        this.endpoint = endpoint;
        this.counts = counts;
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime,
                            ValidationContext context) throws KeySourceException {
        counts.jwksFetches.add();
        try {
            JWKSet set = endpoint.getJWKSet(refreshEvaluator, currentTime, context);
            lastFetchFailed = false;
            return set;
        } catch (KeySourceException | RuntimeException e) {
            lastFetchFailed = true;
            counts.jwksFailures.add();
            throw e;
        }
    }

    /** Whether the most recent fetch from the endpoint failed (false before the first fetch). */
    boolean lastFetchFailed() {
        return lastFetchFailed;
    }

    @Override
    public void close() throws IOException {
        endpoint.close();
    }
}

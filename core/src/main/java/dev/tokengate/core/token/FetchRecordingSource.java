package dev.tokengate.core.token;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import java.io.IOException;

/**
 * The bottom of the remote key source: passes every fetch to the endpoint, remembers whether the last one worked,
 * and tells {@link UnknownKids} when each fetch started and what it brought. When nimbus's rate limiter later refuses
 * a refresh, this tells an outage (the last fetch failed: an error, never a refusal API Gateway would cache) apart
 * from a {@code kid} a fetch has shown absent (a 401) and from one no fetch has looked for yet (an uncached error).
 * It also counts every fetch and failure for the metrics.
 */
final class FetchRecordingSource implements JWKSetSource<ValidationContext> {
    private final JWKSetSource<ValidationContext> endpoint;
    private final UnknownKids unknownKids;
    private final KeyFetchCounts counts;
    private volatile boolean lastFetchFailed;

    FetchRecordingSource(JWKSetSource<ValidationContext> endpoint, UnknownKids unknownKids, KeyFetchCounts counts) {
        this.endpoint = endpoint;
        this.unknownKids = unknownKids;
        this.counts = counts;
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime,
                            ValidationContext context) throws KeySourceException {
        long fetch = unknownKids.fetchStarting();
        counts.jwksFetches.add();
        try {
            JWKSet set = endpoint.getJWKSet(refreshEvaluator, currentTime, context);
            lastFetchFailed = false;
            unknownKids.fetched(fetch, set);
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

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
 */
final class FetchRecordingSource implements JWKSetSource<ValidationContext> {
    private final JWKSetSource<ValidationContext> endpoint;
    private final UnknownKids unknownKids;
    private volatile boolean lastFetchFailed;

    FetchRecordingSource(JWKSetSource<ValidationContext> endpoint, UnknownKids unknownKids) {
        this.endpoint = endpoint;
        this.unknownKids = unknownKids;
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime,
                            ValidationContext context) throws KeySourceException {
        long fetch = unknownKids.fetchStarting();
        try {
            JWKSet set = endpoint.getJWKSet(refreshEvaluator, currentTime, context);
            lastFetchFailed = false;
            unknownKids.fetched(fetch, set);
            return set;
        } catch (KeySourceException | RuntimeException e) {
            lastFetchFailed = true;
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

package dev.tokengate.authorizer.revocation;

import dev.tokengate.core.cache.BoundedMaps;
import dev.tokengate.core.metrics.Tally;
import dev.tokengate.core.token.ValidatedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An in-container memory of "this token was not revoked" for {@code REVOCATION_CACHE_SECONDS}: fewer reads in
 * exchange for a bounded delay before a revocation takes effect in this container. It remembers only
 * {@code NOT_REVOKED} answers: a revoked token is never remembered as valid, and a failed lookup is never
 * remembered at all (the next request asks DynamoDB again).
 *
 * <p>The key is issuer profile + {@code sub} + {@code jti}: everything the lookup reads is a function of the token's
 * own claims ({@code origin_jti} and {@code iat} do not change for a given {@code jti}), and two issuers may share a
 * {@code sub}. {@code \n} cannot occur in any of the three.
 */
public final class NotRevokedCache implements RevocationCheck {
    static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final RevocationCheck delegate;
    private final Duration ttl;
    private final Map<String, Instant> validUntil;
    private final Tally hits;

    public NotRevokedCache(RevocationCheck delegate, Duration ttl) {
        this(delegate, ttl, new Tally());
    }

    /** @param hits counts the answers given from memory (the decision line's {@code NotRevokedCacheHits}) */
    public NotRevokedCache(RevocationCheck delegate, Duration ttl, Tally hits) {
        this(delegate, ttl, DEFAULT_MAX_ENTRIES, hits);
    }

    NotRevokedCache(RevocationCheck delegate, Duration ttl, int maxEntries) {
        this(delegate, ttl, maxEntries, new Tally());
    }

    private NotRevokedCache(RevocationCheck delegate, Duration ttl, int maxEntries, Tally hits) {
        this.hits = Objects.requireNonNull(hits, "hits");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        this.ttl = ttl;
        this.validUntil = BoundedMaps.leastRecentlyUsed(maxEntries);
    }

    @Override
    public RevocationStatus check(ValidatedToken token, Instant now) {
        String key = token.issuerId() + '\n' + token.subject() + '\n' + token.tokenId();
        synchronized (validUntil) {
            Instant until = validUntil.get(key);
            if (until != null) {
                if (now.isBefore(until)) {
                    hits.add();
                    return RevocationStatus.notRevoked("cached");
                }
                validUntil.remove(key);
            }
        }
        RevocationStatus status = delegate.check(token, now);
        if (status.isNotRevoked()) {
            synchronized (validUntil) {
                validUntil.put(key, now.plus(ttl));
            }
        }
        return status;
    }

    int size() {
        synchronized (validUntil) {
            return validUntil.size();
        }
    }
}

package dev.tokengate.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API Gateway's authorizer result cache: keyed by the identity source (here the {@code Authorization} header), kept
 * for the configured TTL, holding only policies the authorizer returned. Errors and 401s are never cached, as in
 * API Gateway. A TTL of zero disables it, which is the product's default.
 */
final class AuthorizerCache {
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    AuthorizerCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A returned authorizer answer: the policy, the principal and the context API Gateway passes on. */
    record Result(Object policyDocument, String principalId, Map<String, Object> context) {
    }

    private record Entry(Result result, Instant expires) {
    }

    Result get(String identity) {
        if (ttl.isZero()) {
            return null;
        }
        Entry entry = entries.get(identity);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(identity, entry);
            return null;
        }
        return entry.result();
    }

    void put(String identity, Result result) {
        if (!ttl.isZero()) {
            entries.put(identity, new Entry(result, clock.instant().plus(ttl)));
        }
    }

    /** API Gateway's flush of a stage's authorizer cache: every entry is gone. */
    void clear() {
        entries.clear();
    }

    Duration ttl() {
        return ttl;
    }
}

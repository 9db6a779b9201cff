package dev.tokengate.core.token;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded, per-container memory of tokens that passed full validation, keyed by the SHA-256 of the exact token
 * string ({@link TokenDigest}): clients reuse an access token for minutes, and without it every request verifies
 * the same signature again. It holds only verifications, never a refusal, and never the token itself.
 *
 * <p>Bounded twice: at most {@code maxEntries} entries and at most {@link #BYTES_PER_ENTRY} bytes per allowed entry
 * in all (estimated, {@link CachedVerification#bytes}), so a flood of tokens with large claims holds fewer entries,
 * not more memory; an entry larger than the whole budget is not kept. The least recently used entry goes first. One lock guards the map; it is held only for the
 * lookup and the insertion, never while a caller re-checks an entry (which may fetch a key set).
 */
final class VerifiedTokenCache {
    /**
     * The byte budget per allowed entry. A typical access token's entry is estimated at 1.2 to 1.6 KiB (the estimate
     * errs high: one with {@code sub}, {@code jti}, two scopes and {@code client_id} measured 0.9 KiB of heap), so
     * ordinary tokens meet the entry bound first and only tokens with large claims meet this one.
     */
    static final int BYTES_PER_ENTRY = 2048;

    private final int maxEntries;
    private final long maxBytes;
    private final Map<TokenDigest, CachedVerification> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    /** @param maxEntries 0 turns the cache off */
    VerifiedTokenCache(int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must not be negative");
        }
        this.maxEntries = maxEntries;
        this.maxBytes = (long) maxEntries * BYTES_PER_ENTRY;
    }

    boolean isOn() {
        return maxEntries > 0;
    }

    /** The entry for this digest, or null; a hit makes it the most recently used. */
    CachedVerification get(TokenDigest digest) {
        synchronized (entries) {
            return entries.get(digest);
        }
    }

    void put(TokenDigest digest, CachedVerification verification) {
        if (!isOn() || verification.bytes() > maxBytes) {
            return;
        }
        synchronized (entries) {
            CachedVerification previous = entries.put(digest, verification);
            if (previous != null) {
                bytes -= previous.bytes();
            }
            bytes += verification.bytes();
            Iterator<CachedVerification> eldest = entries.values().iterator();
            while (entries.size() > maxEntries || bytes > maxBytes) {
                bytes -= eldest.next().bytes();
                eldest.remove();
            }
        }
    }

    /** Drops the entry if it is still this one (another thread may have replaced it meanwhile). */
    void remove(TokenDigest digest, CachedVerification verification) {
        synchronized (entries) {
            if (entries.remove(digest, verification)) {
                bytes -= verification.bytes();
            }
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    long bytes() {
        synchronized (entries) {
            return bytes;
        }
    }

    long maxBytes() {
        return maxBytes;
    }
}

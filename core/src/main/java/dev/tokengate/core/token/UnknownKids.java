package dev.tokengate.core.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.tokengate.core.cache.BoundedMaps;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the fetches of one remote key set have shown about the {@code kid}s it lacks. Once nimbus's refresh budget is
 * spent, a {@code kid} missing from the cached set is one of two things. Either a fetch has already looked for it: one
 * that started after the {@code kid} was first missed, or one that dropped the key (retired). Then it is truly
 * unknown (a 401). Or no fetch has looked for it yet, and it may be a key the issuer has only just started to use.
 * Then a 401 would be cached against a valid token, so the answer must wait for the next fetch.
 *
 * <p>Fetches are numbered as they start, so nothing here reads a clock. Both records are bounded against floods of
 * random {@code kid}s; a {@code kid} evicted from them is merely unchecked again (an uncached error, never an Allow).
 */
final class UnknownKids {
    static final int MAX_MISSED = 512;
    static final int MAX_RETIRED = 64;
    /** Longer {@code kid}s are never recorded (so never confirmed absent): real ones are well under this. */
    static final int MAX_KID_LENGTH = 256;

    private final AtomicLong started = new AtomicLong();
    /** kid → how many fetches had started when it was first missed. */
    private final Map<String, Long> missed = BoundedMaps.oldestFirst(MAX_MISSED);
    /** kids of keys a fetch dropped from the set. */
    private final Map<String, Boolean> retired = BoundedMaps.oldestFirst(MAX_RETIRED);
    private long latestSuccess;
    private Set<String> latestKids = Set.of();

    /** Numbers a fetch that is about to start. */
    long fetchStarting() {
        return started.incrementAndGet();
    }

    /** How many fetches have started so far: taken before a lookup, it tells the fetches that follow it. */
    long fetchesStarted() {
        return started.get();
    }

    /** A fetch succeeded: the keys it dropped are retired, the ones it has are no longer unknown. */
    synchronized void fetched(long fetch, JWKSet set) {
        if (fetch <= latestSuccess) {
            return; // an older fetch finishing late tells nothing newer
        }
        Set<String> kids = new HashSet<>();
        for (JWK key : set.getKeys()) {
            if (key.getKeyID() != null) {
                kids.add(key.getKeyID());
            }
        }
        for (String previous : latestKids) {
            if (!kids.contains(previous) && previous.length() <= MAX_KID_LENGTH) {
                retired.put(previous, Boolean.TRUE);
            }
        }
        for (String kid : kids) {
            retired.remove(kid);
            missed.remove(kid);
        }
        latestKids = Set.copyOf(kids);
        latestSuccess = fetch;
    }

    /** A lookup that began when {@code startedBefore} fetches had started did not find this kid. */
    synchronized void missed(String kid, long startedBefore) {
        if (kid.length() <= MAX_KID_LENGTH) {
            missed.putIfAbsent(kid, startedBefore);
        }
    }

    /**
     * Records the miss, and answers whether a fetch has already shown this kid absent: a successful fetch that started
     * after the kid was first missed, or one that retired it.
     */
    synchronized boolean checkedAbsent(String kid, long startedBefore) {
        missed(kid, startedBefore);
        if (retired.containsKey(kid)) {
            return true;
        }
        Long firstMissed = missed.get(kid);
        return firstMissed != null && latestSuccess > firstMissed;
    }
}

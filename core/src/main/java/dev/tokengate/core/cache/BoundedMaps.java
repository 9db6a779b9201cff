package dev.tokengate.core.cache;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The size bound every per-container memory shares: a map that drops its eldest entry as soon as it holds more than
 * its maximum, so a flood of distinct keys costs a bounded amount of heap. Not thread-safe: each owner guards its map.
 */
public final class BoundedMaps {
    private BoundedMaps() {
    }

    /** At most {@code max} entries; the one read or written least recently is dropped first. */
    public static <K, V> Map<K, V> leastRecentlyUsed(int max) {
        return bounded(max, true);
    }

    /** At most {@code max} entries; the one inserted first is dropped first (reading an entry does not keep it). */
    public static <K, V> Map<K, V> oldestFirst(int max) {
        return bounded(max, false);
    }

    private static <K, V> Map<K, V> bounded(int max, boolean accessOrder) {
        return new LinkedHashMap<>(16, 0.75f, accessOrder) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }
}

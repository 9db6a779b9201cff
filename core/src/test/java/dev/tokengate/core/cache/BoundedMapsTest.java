package dev.tokengate.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BoundedMapsTest {
    @Test
    void leastRecentlyUsedDropsTheEntryNotReadOrWrittenForLongest() {
        Map<String, Integer> map = BoundedMaps.leastRecentlyUsed(2);
        map.put("a", 1);
        map.put("b", 2);
        map.get("a");
        map.put("c", 3);

        assertThat(map).containsOnlyKeys("a", "c");
    }

    @Test
    void oldestFirstDropsTheFirstInsertedEvenWhenItWasRead() {
        Map<String, Integer> map = BoundedMaps.oldestFirst(2);
        map.put("a", 1);
        map.put("b", 2);
        map.get("a");
        map.put("c", 3);

        assertThat(map).containsOnlyKeys("b", "c");
    }

    @Test
    void neverHoldsMoreThanItsMaximum() {
        Map<Integer, Integer> map = BoundedMaps.leastRecentlyUsed(100);
        for (int i = 0; i < 10_000; i++) {
            map.put(i, i);
        }
        assertThat(map).hasSize(100).containsKeys(9_900, 9_999);
    }
}

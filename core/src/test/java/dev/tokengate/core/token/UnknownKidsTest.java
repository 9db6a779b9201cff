package dev.tokengate.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.tokengate.testkit.TestKeys;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which missing {@code kid}s a fetch has already looked for. Fetches are numbered as they start; a lookup notes how
 * many had started when it began. No clock, no endpoint: the order of events is the whole story.
 */
class UnknownKidsTest {
    final UnknownKids kids = new UnknownKids();

    static JWKSet set(String... kidsInSet) {
        List<JWK> keys = new ArrayList<>();
        for (String kid : kidsInSet) {
            keys.add(TestKeys.ec(kid).toPublicJWK());
        }
        return new JWKSet(keys);
    }

    /** One successful fetch, from its start to its answer. */
    void fetch(String... kidsInSet) {
        kids.fetched(kids.fetchStarting(), set(kidsInSet));
    }

    @Test
    void aKidMissedBeforeASuccessfulFetchStartedHasBeenLookedFor() {
        fetch("k1");
        long lookup = kids.fetchesStarted();
        assertThat(kids.checkedAbsent("random", lookup)).as("no fetch since it was missed").isFalse();
        fetch("k1");
        assertThat(kids.checkedAbsent("random", kids.fetchesStarted())).as("the fetch after its first miss").isTrue();
    }

    @Test
    void aKidMissedByTheLookupWhoseOwnRefreshCameBackWithoutItHasBeenLookedFor() {
        fetch("k1");
        long lookup = kids.fetchesStarted();
        fetch("k1"); // the refresh this lookup triggered
        kids.missed("random", lookup);
        assertThat(kids.checkedAbsent("random", kids.fetchesStarted())).isTrue();
    }

    @Test
    void aFetchThatStartedBeforeTheFirstMissChecksNothingEvenIfItEndsAfter() {
        fetch("k1");
        long running = kids.fetchStarting();
        long lookup = kids.fetchesStarted(); // the lookup begins while that fetch is under way
        assertThat(kids.checkedAbsent("new-key", lookup)).isFalse();
        kids.fetched(running, set("k1")); // the set may have been read before the issuer published new-key
        assertThat(kids.checkedAbsent("new-key", kids.fetchesStarted())).isFalse();
    }

    @Test
    void aFailedFetchChecksNothing() {
        fetch("k1");
        assertThat(kids.checkedAbsent("new-key", kids.fetchesStarted())).isFalse();
        kids.fetchStarting(); // failed: fetched is never called
        assertThat(kids.checkedAbsent("new-key", kids.fetchesStarted())).isFalse();
    }

    @Test
    void aKeyDroppedFromTheSetIsRetiredUntilASetHasItAgain() {
        fetch("old", "new");
        fetch("new");
        assertThat(kids.checkedAbsent("old", kids.fetchesStarted())).isTrue();
        fetch("old", "new"); // an issuer that rolls back
        fetch("old", "new");
        assertThat(kids.checkedAbsent("old", kids.fetchesStarted())).as("back in the set, then its first miss")
                .isFalse();
    }

    @Test
    void anOlderFetchFinishingLateChangesNothing() {
        fetch("old");
        long slow = kids.fetchStarting();
        fetch("new");
        kids.fetched(slow, set("old"));
        assertThat(kids.checkedAbsent("old", kids.fetchesStarted())).as("retired by the newest set").isTrue();
    }

    @Test
    void aFloodEvictsTheOldestMissesWhichAreThenUncheckedAgain() {
        fetch("k1");
        kids.missed("early", kids.fetchesStarted());
        fetch("k1");
        assertThat(kids.checkedAbsent("early", kids.fetchesStarted())).isTrue();
        for (int i = 0; i < UnknownKids.MAX_MISSED; i++) {
            kids.missed("random-" + i, kids.fetchesStarted());
        }
        assertThat(kids.checkedAbsent("early", kids.fetchesStarted())).as("evicted: unchecked, never trusted")
                .isFalse();
        assertThat(kids.checkedAbsent("random-" + (UnknownKids.MAX_MISSED - 1), kids.fetchesStarted())).isFalse();
        fetch("k1");
        assertThat(kids.checkedAbsent("random-" + (UnknownKids.MAX_MISSED - 1), kids.fetchesStarted())).isTrue();
    }

    @Test
    void anOverlongKidIsNeverRecordedSoNeverConfirmedAbsent() {
        String huge = "k".repeat(UnknownKids.MAX_KID_LENGTH + 1);
        fetch("k1");
        kids.missed(huge, kids.fetchesStarted());
        fetch("k1");
        assertThat(kids.checkedAbsent(huge, kids.fetchesStarted())).isFalse();
    }
}

package dev.tokengate.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cache's own bounds and bookkeeping, with entries of chosen sizes. */
class VerifiedTokenCacheTest {
    static final ValidationResult.Valid RESULT = new ValidationResult.Valid(new ValidatedToken("default", "alice",
            "jti-1", "https://issuer.example.com/", List.of("api"), Instant.EPOCH.plusSeconds(3600), Instant.EPOCH,
            Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), Confirmation.NONE));

    static CachedVerification entry(long bytes) {
        return new CachedVerification(RESULT, "https://issuer.example.com/", "k1", List.of(),
                new TokenTimes(3600, OptionalLong.empty(), 0), bytes);
    }

    static TokenDigest digest(String token) {
        return TokenDigest.of(token.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void evictsTheLeastRecentlyUsedEntryBeyondTheEntryBound() {
        VerifiedTokenCache cache = new VerifiedTokenCache(2);
        cache.put(digest("a"), entry(100));
        cache.put(digest("b"), entry(100));
        assertThat(cache.get(digest("a"))).isNotNull(); // a is now the most recently used

        cache.put(digest("c"), entry(100));

        assertThat(cache.get(digest("b"))).isNull();
        assertThat(cache.get(digest("a"))).isNotNull();
        assertThat(cache.get(digest("c"))).isNotNull();
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.bytes()).isEqualTo(200);
    }

    @Test
    void evictsUntilTheEstimatedBytesFitTheBudget() {
        VerifiedTokenCache cache = new VerifiedTokenCache(4); // 4 x 2 KiB
        for (String token : List.of("a", "b", "c", "d")) {
            cache.put(digest(token), entry(2_000));
        }
        cache.put(digest("e"), entry(6_000));

        assertThat(cache.size()).isEqualTo(2); // d and e: 8,000 of 8,192 bytes
        assertThat(cache.get(digest("c"))).isNull();
        assertThat(cache.get(digest("d"))).isNotNull();
        assertThat(cache.bytes()).isEqualTo(8_000).isLessThanOrEqualTo(cache.maxBytes());
    }

    @Test
    void neverKeepsAnEntryLargerThanTheWholeBudget() {
        VerifiedTokenCache cache = new VerifiedTokenCache(1);
        cache.put(digest("a"), entry(100));

        cache.put(digest("huge"), entry(cache.maxBytes() + 1));

        assertThat(cache.get(digest("huge"))).isNull();
        assertThat(cache.get(digest("a"))).isNotNull();
    }

    @Test
    void replacingAndRemovingKeepTheByteCountExact() {
        VerifiedTokenCache cache = new VerifiedTokenCache(10);
        CachedVerification first = entry(300);
        cache.put(digest("a"), first);
        cache.put(digest("a"), entry(500));
        assertThat(cache.bytes()).isEqualTo(500);

        cache.remove(digest("a"), first); // no longer the mapped entry: nothing happens
        assertThat(cache.size()).isEqualTo(1);
        cache.remove(digest("a"), cache.get(digest("a")));
        assertThat(cache.size()).isZero();
        assertThat(cache.bytes()).isZero();
    }

    @Test
    void zeroEntriesIsOffAndNegativeIsRefused() {
        VerifiedTokenCache off = new VerifiedTokenCache(0);
        off.put(digest("a"), entry(1));
        assertThat(off.isOn()).isFalse();
        assertThat(off.size()).isZero();
        assertThatThrownBy(() -> new VerifiedTokenCache(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}

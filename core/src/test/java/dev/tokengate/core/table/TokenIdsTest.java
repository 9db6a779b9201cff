package dev.tokengate.core.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"user-alice", "7d0c1a52-aaaa-4f6e-9d1e-000000000001", "a", "auth0|5f7c8ec7",
            "us-east-1:0c3a4f2e", "ユーザー", "😀 emoji"})
    void acceptsOrdinaryIds(String id) {
        assertThat(TokenIds.problem(id)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\u0000b", "a\nb", "tab\there", "del\u007f", "c1\u0085", "line\u2028sep"})
    void refusesEmptyAndControlCharacters(String id) {
        assertThat(TokenIds.problem(id)).isPresent();
    }

    @Test
    void refusesNull() {
        assertThat(TokenIds.problem(null)).contains("must be a non-empty string");
    }

    @Test
    void acceptsExactly512CharactersAndRefuses513() {
        assertThat(TokenIds.isValid("x".repeat(512))).isTrue();
        assertThat(TokenIds.problem("x".repeat(513))).contains("must be at most 512 characters");
    }

    @Test
    void refusesIdsTooLongInUtf8ForADynamoDbSortKey() {
        // 400 characters of 3 bytes each: within the character limit, over the byte limit
        assertThat(TokenIds.problem("€".repeat(400))).contains("must be at most 1000 bytes in UTF-8");
    }

    @Test
    void refusesUnpairedSurrogates() {
        assertThat(TokenIds.isValid("a\uD800b")).isFalse();
        assertThat(TokenIds.isValid("a\uDC00b")).isFalse();
        assertThat(TokenIds.isValid("end\uD800")).isFalse();
    }
}

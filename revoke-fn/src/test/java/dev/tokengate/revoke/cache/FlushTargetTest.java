package dev.tokengate.revoke.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokengate.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlushTargetTest {
    private static final String VAR = "AUTHORIZER_CACHE_FLUSH_TARGETS";

    @Test
    void parsesRestAndHttpTargets() {
        assertThat(FlushTarget.parseList(VAR, " rest:a1b2c3d4e5/prod , http:f6g7h8/$default,,http:f6g7h8/v1 "))
                .containsExactly(
                        new FlushTarget(FlushTarget.Kind.REST, "a1b2c3d4e5", "prod"),
                        new FlushTarget(FlushTarget.Kind.HTTP, "f6g7h8", "$default"),
                        new FlushTarget(FlushTarget.Kind.HTTP, "f6g7h8", "v1"));
    }

    @Test
    void emptyOrAbsentMeansOff() {
        assertThat(FlushTarget.parseList(VAR, null)).isEmpty();
        assertThat(FlushTarget.parseList(VAR, "  ")).isEmpty();
        assertThat(FlushTarget.parseList(VAR, " , ")).isEmpty();
    }

    @Test
    void dropsDuplicates() {
        assertThat(FlushTarget.parseList(VAR, "rest:abc/prod,rest:abc/prod")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc/prod", "ws:abc/prod", "rest:abc", "rest:/prod", "rest:abc/", "rest:abc/prod/x",
            "rest:ab-c/prod", "rest:abc/$default", "http:abc/pr od", "REST:abc/prod"})
    void refusesMalformedEntriesNamingTheVariable(String entry) {
        assertThatThrownBy(() -> FlushTarget.parseList(VAR, entry))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(VAR);
    }

    @Test
    void printsAsItIsWritten() {
        assertThat(new FlushTarget(FlushTarget.Kind.HTTP, "abc", "$default")).hasToString("http:abc/$default");
    }
}

package dev.tokengate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void treatsBlankAsAbsentAndTrims() {
        Settings s = Settings.of(Map.of("A", "  ", "B", " x "));
        assertThat(s.optional("A")).isEmpty();
        assertThat(s.required("B")).isEqualTo("x");
        assertThatThrownBy(() -> s.required("A")).isInstanceOf(ConfigException.class).hasMessage("A: is required but not set");
    }

    @Test
    void parsesBooleansStrictly() {
        assertThat(Settings.of(Map.of("X", "TRUE")).bool("X", false)).isTrue();
        assertThat(Settings.of(Map.of()).bool("X", true)).isTrue();
        assertThatThrownBy(() -> Settings.of(Map.of("X", "yes")).bool("X", false))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("X:");
    }

    @Test
    void boundsIntegers() {
        assertThat(Settings.of(Map.of("N", "5")).integer("N", 1, 0, 10)).isEqualTo(5);
        assertThatThrownBy(() -> Settings.of(Map.of("N", "11")).integer("N", 1, 0, 10))
                .isInstanceOf(ConfigException.class).hasMessageContaining("between 0 and 10");
        assertThatThrownBy(() -> Settings.of(Map.of("N", "1e3")).integer("N", 1, 0, 10))
                .isInstanceOf(ConfigException.class).hasMessageContaining("whole number");
    }

    @Test
    void acceptsOnlyListedChoices() {
        assertThat(Settings.of(Map.of("M", "AllowList")).choice("M", "denylist", "denylist", "allowlist"))
                .isEqualTo("allowlist");
        assertThatThrownBy(() -> Settings.of(Map.of("M", "open")).choice("M", "denylist", "denylist", "allowlist"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("M:");
    }

    @Test
    void splitsLists() {
        assertThat(Settings.of(Map.of("L", "a, b,,a")).list("L", null)).containsExactly("a", "b");
        assertThat(Settings.of(Map.of()).list("L", "x,y")).containsExactly("x", "y");
    }
}

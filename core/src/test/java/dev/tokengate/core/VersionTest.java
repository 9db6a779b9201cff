package dev.tokengate.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void isTheSemanticVersionTheBuildStampedNotThePlaceholder() {
        // "${project.version}" or "unknown" here would mean the resource was not filtered or not packaged.
        assertThat(Version.current()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}

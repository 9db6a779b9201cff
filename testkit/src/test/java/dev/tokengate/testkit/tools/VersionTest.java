package dev.tokengate.testkit.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionTest {
    @ParameterizedTest(name = "{0} fits a pin of {1}: {2}")
    @CsvSource({
            "1.51.0, 1.51.0, true",
            "1.51.1, 1.51.0, true",
            "1.110.0, 1.51.0, true",   // numeric, not text, comparison
            "1.51, 1.51.0, true",
            "5.3.0rc1, 5.2.1, true",   // a suffix is ignored
            "1.50.9, 1.51.0, false",   // older
            "0.87.1, 1.51.0, false",   // another major, older
            "2.0.0, 1.51.0, false",    // another major, newer
    })
    void fitsTheSameMajorVersionNotOlderThanThePin(String candidate, String pin, boolean fits) {
        assertThat(Version.of(candidate).fits(Version.of(pin))).isEqualTo(fits);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cfn-lint 1.51.0|1.51.0",
            "aws-sam-translator 1.110.0|1.110.0",
            "Python 3.11.7|3.11.7",
    })
    void readsTheFirstDottedNumberOfAToolsAnswer(String output, String expected) {
        assertThat(Version.find(output)).map(Version::toString).hasValue(expected);
    }

    @ParameterizedTest
    @CsvSource({"no version here", "''"})
    void findsNothingWhereThereIsNoNumber(String output) {
        assertThat(Version.find(output)).isEmpty();
    }

    @Test
    void rangeSaysWhatFits() {
        assertThat(Version.of("1.51.0").range()).isEqualTo("1.x, at least 1.51.0");
    }
}

package dev.tokengate.authorizer.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.core.token.DenyReason;
import org.junit.jupiter.api.Test;

class BearerTokenTest {
    @Test
    void refusesEveryWhitespaceCharacterInsideTheTokenAndNothingElse() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            BearerToken.Extraction extraction = BearerToken.fromHeaderValue("Bearer ab" + c + "cd", 8192);
            if (c == ',') {
                assertThat(extraction.detail()).isEqualTo("more than one credential in Authorization");
            } else if (Character.isWhitespace(c)) {
                assertThat(extraction.reason()).as("U+%04X", (int) c).isEqualTo(DenyReason.MALFORMED_TOKEN);
                assertThat(extraction.detail()).isEqualTo("more than one token after Bearer");
            } else {
                assertThat(extraction.token()).as("U+%04X", (int) c).isEqualTo("ab" + c + "cd");
            }
        }
    }
}

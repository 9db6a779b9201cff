package dev.tokengate.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.Base64URL;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A token segment decodes to exactly the bytes nimbus's own decoder gives, whatever the segment holds. */
class TokenSegmentTest {
    static final String CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.";

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "AA", "AAA", "AAAA", "AB", "AR", "AQ", "eyJhbGciOiJFUzI1NiJ9", "_-_-",
            "AA==", "A===", "AA=A", "=", "+/+/", "a.b", "Zm9v YmFy", "Zm9v\nYmFy", "\u00e9t\u00e9", "QUJD\u2028"})
    void decodesTheBytesNimbusDecodes(String segment) {
        assertThat(new TokenSegment(segment).decode()).isEqualTo(new Base64URL(segment).decode());
        assertThat(new TokenSegment(segment).decodeToString()).isEqualTo(new Base64URL(segment).decodeToString());
    }

    @Test
    void decodesTheBytesNimbusDecodesForRandomSegments() {
        SplittableRandom random = new SplittableRandom(20261130);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder segment = new StringBuilder();
            int length = random.nextInt(40);
            // mostly base64url, sometimes characters outside it, so both the JDK's path and nimbus's are taken
            int alphabet = random.nextInt(10) == 0 ? CHARACTERS.length() : 64;
            for (int j = 0; j < length; j++) {
                segment.append(CHARACTERS.charAt(random.nextInt(alphabet)));
            }
            String s = segment.toString();
            assertThat(new TokenSegment(s).decode()).as(s).isEqualTo(new Base64URL(s).decode());
        }
    }

    @Test
    void staysTheSameSegmentForNimbus() {
        TokenSegment segment = new TokenSegment("eyJhbGciOiJFUzI1NiJ9");
        assertThat(segment).isEqualTo(new Base64URL("eyJhbGciOiJFUzI1NiJ9"));
        assertThat(new Base64URL("eyJhbGciOiJFUzI1NiJ9")).isEqualTo(segment);
        assertThat(segment.toString()).isEqualTo("eyJhbGciOiJFUzI1NiJ9");
    }
}

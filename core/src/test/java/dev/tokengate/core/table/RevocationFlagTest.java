package dev.tokengate.core.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class RevocationFlagTest {

    @ParameterizedTest(name = "revoked = {0}: authorizer reads revoked {1}, writer sees BOOL true {2}")
    @CsvSource({
            // the two readings differ only where they must: a damaged flag is revoked for the authorizer (fail
            // closed) and still to be written for the writer (so it ends as a real BOOL true)
            "absent, false, false",
            "BOOL true, true, true",
            "BOOL false, false, false",
            "S true, true, false",
            "N 1, true, false"})
    void theTwoReadingsOfTheFlag(String stored, boolean authorizer, boolean writer) {
        Map<String, AttributeValue> item = switch (stored) {
            case "absent" -> Map.of();
            case "BOOL true" -> Map.of(TokenTable.REVOKED, AttributeValue.fromBool(true));
            case "BOOL false" -> Map.of(TokenTable.REVOKED, AttributeValue.fromBool(false));
            case "S true" -> Map.of(TokenTable.REVOKED, AttributeValue.fromS("true"));
            default -> Map.of(TokenTable.REVOKED, AttributeValue.fromN("1"));
        };
        assertThat(RevocationFlag.readsAsRevoked(item)).isEqualTo(authorizer);
        assertThat(RevocationFlag.isBooleanTrue(item)).isEqualTo(writer);
    }

    @Test
    void numbersAreReadOnlyFromNumberAttributes() {
        assertThat(TableNumbers.epochSeconds(AttributeValue.fromN("1700000000"))).contains(new BigDecimal("1700000000"));
        assertThat(TableNumbers.epochSeconds(AttributeValue.fromS("1700000000"))).isEmpty();
        assertThat(TableNumbers.epochSeconds(null)).isEmpty();
        assertThat(TableNumbers.of(42)).isEqualTo(AttributeValue.fromN("42"));
    }
}

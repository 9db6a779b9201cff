package dev.tokengate.core.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SetOrRemoveTest {
    @Test
    void aGivenValueIsSetAndAnAbsentOneRemovedEachUnderItsOwnPlaceholders() {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();

        SetOrRemove described = new SetOrRemove(names, values).string(TokenTable.REASON, Optional.of("lost phone"))
                .string(TokenTable.SOURCE, Optional.empty()).string(TokenTable.REVOKED_BY_ISSUER_ID, Optional.of("ops"));

        assertThat(described.setClauses()).isEqualTo(", #reason = :reason, #revokedByIssuerId = :revokedByIssuerId");
        assertThat(described.removeClause()).isEqualTo(" REMOVE #source");
        assertThat(names).containsOnly(Map.entry("#reason", "reason"), Map.entry("#source", "source"),
                Map.entry("#revokedByIssuerId", "revokedByIssuerId"));
        assertThat(values).containsOnly(Map.entry(":reason", AttributeValue.fromS("lost phone")),
                Map.entry(":revokedByIssuerId", AttributeValue.fromS("ops")));
    }

    @Test
    void nothingGivenOrNothingAbsentLeavesThatClauseEmpty() {
        assertThat(new SetOrRemove(new HashMap<>(), new HashMap<>()).removeClause()).isEmpty();
        SetOrRemove allAbsent = new SetOrRemove(new HashMap<>(), new HashMap<>()).string("a", Optional.empty())
                .string("b", Optional.empty());
        assertThat(allAbsent.setClauses()).isEmpty();
        assertThat(allAbsent.removeClause()).isEqualTo(" REMOVE #a, #b");
    }
}

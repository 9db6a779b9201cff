package dev.tokengate.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class TokenTableTest {
    @Test
    void buildsKeysFromTheDocumentedLayout() {
        assertThat(TokenTable.tokenKey("alice", "j1")).containsEntry("PK", AttributeValue.fromS("USER#alice"))
                .containsEntry("SK", AttributeValue.fromS("TOKEN#j1"));
        assertThat(TokenTable.familyKey("alice", "f1")).containsEntry("SK", AttributeValue.fromS("FAMILY#f1"));
        assertThat(TokenTable.revokedBeforeKey("alice")).containsEntry("SK", AttributeValue.fromS("REVOKED_BEFORE"));
    }

    @Test
    void classifiesSortKeys() {
        assertThat(TokenTable.kindOf("TOKEN#j1")).isEqualTo(TokenTable.ItemKind.TOKEN);
        assertThat(TokenTable.kindOf("FAMILY#f")).isEqualTo(TokenTable.ItemKind.FAMILY);
        assertThat(TokenTable.kindOf("REVOKED_BEFORE")).isEqualTo(TokenTable.ItemKind.REVOKED_BEFORE);
        assertThat(TokenTable.kindOf("TOKEN#")).isEqualTo(TokenTable.ItemKind.UNKNOWN);
        assertThat(TokenTable.kindOf(null)).isEqualTo(TokenTable.ItemKind.UNKNOWN);
        assertThat(TokenTable.idOf("TOKEN#j1")).contains("j1");
        assertThat(TokenTable.subjectOf("USER#alice")).contains("alice");
        assertThat(TokenTable.subjectOf("AUDIT#x")).isEmpty();
    }

    @Test
    void refusesEmptyIds() {
        assertThatThrownBy(() -> TokenTable.tokenKey("", "j")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenTable.tokenKey("a", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysOfDifferentUsersNeverCollide() {
        // PK is a prefix plus the whole sub, so distinct subs give distinct partitions even with '#' inside.
        assertThat(TokenTable.userPartition("a#TOKEN")).isNotEqualTo(TokenTable.userPartition("a"));
    }
}

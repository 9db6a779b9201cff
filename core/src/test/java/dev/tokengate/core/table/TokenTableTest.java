package dev.tokengate.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class TokenTableTest {
    private static final Principal ALICE = new Principal("default", "alice");

    @Test
    void buildsKeysFromTheDocumentedLayout() {
        assertThat(TokenTable.tokenKey(ALICE, "j1")).containsEntry("PK", AttributeValue.fromS("USER#default#alice"))
                .containsEntry("SK", AttributeValue.fromS("TOKEN#j1"));
        assertThat(TokenTable.familyKey(ALICE, "f1")).containsEntry("SK", AttributeValue.fromS("FAMILY#f1"));
        assertThat(TokenTable.revokedBeforeKey(ALICE)).containsEntry("SK", AttributeValue.fromS("REVOKED_BEFORE"));
        assertThat(TokenTable.key(new Principal("workforce", "alice"), RevocationKind.TOKEN, "j1"))
                .containsEntry("PK", AttributeValue.fromS("USER#workforce#alice"));
    }

    @Test
    void sessionsAndReplayRecordsHaveTheirOwnPartitions() {
        assertThat(TokenTable.sessionKey(new Session("staff", "s-1")))
                .containsEntry("PK", AttributeValue.fromS("SESSION#staff#s-1"))
                .containsEntry("SK", AttributeValue.fromS("SESSION"));
        assertThat(TokenTable.sessionOf("SESSION#staff#s#1")).contains(new Session("staff", "s#1"));
        assertThat(TokenTable.sessionOf("SESSION#Staff#s")).isEmpty();
        assertThat(TokenTable.sessionOf("USER#staff#alice")).isEmpty();
        assertThat(TokenTable.logoutReplayKey("staff", "lt-1"))
                .containsEntry("PK", AttributeValue.fromS("REPLAY#logout#staff#lt-1"))
                .containsEntry("SK", AttributeValue.fromS("REPLAY"));
        assertThat(TokenTable.principalOf("REPLAY#logout#staff#lt-1")).isEmpty();
        assertThatThrownBy(() -> TokenTable.logoutReplayKey("staff", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Session("staff", "s\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRevokeAllMarkerCoversThisSecondAndTheSkewAndLivesAsLongAsTheTokensItCovers() {
        RevokeAllMarker marker = RevokeAllMarker.at(java.time.Instant.ofEpochSecond(1_000, 900_000_000),
                java.time.Duration.ofSeconds(30), java.time.Duration.ofHours(1));
        assertThat(marker.revokedBefore()).isEqualTo(1_031);
        assertThat(marker.ttl()).isEqualTo(1_031 + 3_600 + 30);
    }

    @Test
    void readsThePrincipalBackFromAPartitionKey() {
        assertThat(TokenTable.principalOf("USER#default#alice")).contains(ALICE);
        // the issuer id never holds '#', so a sub that does stays whole
        assertThat(TokenTable.principalOf("USER#cognito#a#TOKEN#x")).contains(new Principal("cognito", "a#TOKEN#x"));
        assertThat(TokenTable.principalOf("USER#alice")).isEmpty();
        assertThat(TokenTable.principalOf("USER#Default#alice")).isEmpty();
        assertThat(TokenTable.principalOf("USER#default#")).isEmpty();
        assertThat(TokenTable.principalOf("AUDIT#x")).isEmpty();
        assertThat(TokenTable.principalOf(null)).isEmpty();
    }

    @Test
    void classifiesSortKeysThroughTheRevocationKinds() {
        assertThat(RevocationKind.ofSortKey("TOKEN#j1")).contains(RevocationKind.TOKEN);
        assertThat(RevocationKind.ofSortKey("FAMILY#f")).contains(RevocationKind.FAMILY);
        assertThat(RevocationKind.ofSortKey("REVOKED_BEFORE")).contains(RevocationKind.USER);
        assertThat(RevocationKind.ofSortKey("TOKEN#")).isEmpty();
        assertThat(RevocationKind.ofSortKey("REVOKED_BEFORE#x")).isEmpty();
        assertThat(RevocationKind.ofSortKey(null)).isEmpty();
        assertThat(RevocationKind.TOKEN.idOf("TOKEN#j1")).contains("j1");
        assertThat(RevocationKind.FAMILY.idOf("TOKEN#j1")).isEmpty();
        assertThat(RevocationKind.USER.idOf("REVOKED_BEFORE")).isEmpty();
    }

    @Test
    void eachKindNamesItsIdAttributeAndItsDenyReason() {
        assertThat(RevocationKind.TOKEN.idAttribute()).contains(TokenTable.JTI);
        assertThat(RevocationKind.FAMILY.idAttribute()).contains(TokenTable.ORIGIN_JTI);
        assertThat(RevocationKind.USER.idAttribute()).isEmpty();
        assertThat(RevocationKind.TOKEN.denyReason().name()).isEqualTo("TOKEN_REVOKED");
        assertThat(RevocationKind.FAMILY.denyReason().name()).isEqualTo("FAMILY_REVOKED");
        assertThat(RevocationKind.USER.denyReason().name()).isEqualTo("USER_REVOKED");
    }

    @Test
    void refusesEmptyIdsAndUnusablePrincipals() {
        assertThatThrownBy(() -> TokenTable.tokenKey(ALICE, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenTable.familyKey(ALICE, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RevocationKind.USER.sortKey("x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Principal("default", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Principal("Work#force", "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Principal("x".repeat(33), "a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysOfDifferentUsersNeverCollide() {
        // Distinct (issuer, sub) pairs give distinct partitions, '#' in a sub included, and the same sub of two
        // issuers is two users.
        assertThat(TokenTable.userPartition(new Principal("a", "b#c")))
                .isNotEqualTo(TokenTable.userPartition(new Principal("a-b", "c")));
        assertThat(TokenTable.userPartition(new Principal("workforce", "alice")))
                .isNotEqualTo(TokenTable.userPartition(new Principal("customers", "alice")));
    }
}

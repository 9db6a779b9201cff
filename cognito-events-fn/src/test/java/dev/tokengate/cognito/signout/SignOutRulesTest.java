package dev.tokengate.cognito.signout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.cognito.SampleEvents;
import dev.tokengate.cognito.event.CloudTrailEvents;
import dev.tokengate.cognito.event.SignOutEvent;
import dev.tokengate.core.token.IssuerProfile;
import dev.tokengate.core.token.JwtConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sample events of {@code events/cognito-events-fn/} mean what their README says, rule by rule. */
class SignOutRulesTest {
    static final String ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/" + SampleEvents.POOL;
    static final IssuerProfile PROFILE = JwtConfig.fromEnvironment(Map.of("TRUSTED_ISSUERS",
            "[{\"id\":\"cognito\",\"issuer\":\"" + ISSUER + "\",\"preset\":\"cognito-access\","
                    + "\"clientIds\":[\"7d4hg2ktpq1brv4c0ek1dp5mtp\"]}]")).profiles().get(0);
    final SignOutRules rules = new SignOutRules(Map.of(SampleEvents.POOL, PROFILE));

    static SignOutEvent read(String file) {
        return CloudTrailEvents.read(SampleEvents.load(file)).orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"global-sign-out.json", "admin-user-global-sign-out.json", "revoke-token.json"})
    void signOutsThatRecordTheSubRevokeThatUser(String file) {
        assertThat(rules.classify(read(file)))
                .isEqualTo(new SignOut.OfSubject(PROFILE, SampleEvents.POOL, SampleEvents.SUB));
    }

    @Test
    void theHiddenUsernameIsNeverReadAndAShownOneIsResolvedInItsPool() {
        assertThat(read("admin-user-global-sign-out.json").username()).isEmpty();
        assertThat(rules.classify(read("admin-user-global-sign-out-username.json")))
                .isEqualTo(new SignOut.OfUsername(PROFILE, SampleEvents.POOL, "alice"));
    }

    @Test
    void aSignOutNamingNobodyIsUnidentifiedNeverGuessed() {
        assertThat(rules.classify(read("unidentified-sign-out.json")))
                .isEqualTo(new SignOut.Unidentified("NO_USER", SampleEvents.POOL));
        SignOutEvent noPool = new SignOutEvent("e", "GlobalSignOut", SignOutRules.EVENT_SOURCE,
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.of("someone"),
                java.util.Optional.empty());
        assertThat(rules.classify(noPool)).isEqualTo(new SignOut.Unidentified("NO_USER_POOL", null));
    }

    @Test
    void failedCallsOtherPoolsAndOtherApisChangeNothing() {
        assertThat(rules.classify(read("failed-global-sign-out.json"))).isEqualTo(new SignOut.Ignored("FAILED_CALL"));
        SignOutEvent otherPool = CloudTrailEvents.read(SampleEvents.load("global-sign-out.json",
                "us-east-1_Someone3lse", SampleEvents.SUB)).orElseThrow();
        assertThat(rules.classify(otherPool)).isEqualTo(new SignOut.Ignored("POOL_NOT_CONFIGURED"));
        byte[] initiateAuth = new String(SampleEvents.load("global-sign-out.json"), StandardCharsets.UTF_8)
                .replace("\"GlobalSignOut\"", "\"InitiateAuth\"").getBytes(StandardCharsets.UTF_8);
        assertThat(rules.classify(CloudTrailEvents.read(initiateAuth).orElseThrow()))
                .isEqualTo(new SignOut.Ignored("NOT_A_SIGN_OUT"));
    }

    @Test
    void whatIsNotAnEventBridgeCloudTrailEventIsUnreadable() {
        assertThat(CloudTrailEvents.read("not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(CloudTrailEvents.read("{\"detail-type\":\"Scheduled Event\",\"detail\":{}}"
                .getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(CloudTrailEvents.read("{\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":{}}"
                .getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(CloudTrailEvents.read(new byte[CloudTrailEvents.MAX_BYTES + 1])).isEmpty();
        assertThat(CloudTrailEvents.read(new byte[0])).isEmpty();
    }

    @Test
    void readsThePoolFromWhereverTheRecordNamesIt() {
        assertThat(read("global-sign-out.json").userPoolId()).contains(SampleEvents.POOL); // resources
        assertThat(read("admin-user-global-sign-out.json").userPoolId()).contains(SampleEvents.POOL); // request
        assertThat(read("revoke-token.json").userPoolId()).contains(SampleEvents.POOL); // additionalEventData
    }
}

package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokengate.testkit.template.SamTransform;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What outlives the stack, and why (docs/DEPLOY.md "Deleting or updating the stack"). */
class LifecycleTest {

    @ParameterizedTest
    @CsvSource({
            // revocation state and its audit: kept on delete and replacement, and on a failed first create too
            // (deletion protection makes the rollback's DeleteTable fail: RetainExceptOnCreate would get stuck)
            "TokenTable, Retain, Retain",
            "AuditTable, Retain, Retain",
            // the only record of batches that could not be audited; nothing to keep after a failed first create
            "AuditFailureQueue, RetainExceptOnCreate, Retain",
            // the only record of Cognito sign-outs that failed every attempt (their users' tokens still work)
            "CognitoSignOutFailureQueue, RetainExceptOnCreate, Retain",
            // the region's API Gateway setting keeps pointing at the role after the stack is gone
            "ApiGatewayLoggingRole, Retain, Retain",
            "ApiGatewayAccount, Retain, Retain"})
    void statefulAndRegionWideResourcesOutliveTheStack(String logicalId, String deletion, String replacement) {
        JsonNode resource = SamTransform.resource(SamTransform.template(), logicalId);
        assertThat(resource.path("DeletionPolicy").asText()).isEqualTo(deletion);
        assertThat(resource.path("UpdateReplacePolicy").asText()).isEqualTo(replacement);
    }

    @ParameterizedTest
    @CsvSource({"AuthorizerFunction", "RevokeApiFunction"})
    void publishedVersionsAreKeptSoTheAliasCanBeMovedBack(String function) {
        JsonNode properties = SamTransform.resource(SamTransform.template(), function).path("Properties");
        assertThat(properties.path("VersionDeletionPolicy").asText()).isEqualTo("Retain");
        // What CloudFormation receives: a code change adds a version under a new logical id (DeletionPolicy keeps the
        // old one); a configuration change only changes the version's Description, which CloudFormation applies by
        // replacement, so the old version survives only with UpdateReplacePolicy.
        List<JsonNode> versions = new ArrayList<>();
        SamTransform.transformed().path("Resources").fields().forEachRemaining(r -> {
            if (r.getValue().path("Type").asText().equals("AWS::Lambda::Version")
                    && r.getKey().startsWith(function + "Version")) {
                versions.add(r.getValue());
            }
        });
        assertThat(versions).singleElement().satisfies(version -> {
            assertThat(version.path("DeletionPolicy").asText()).isEqualTo("Retain");
            assertThat(version.path("UpdateReplacePolicy").asText()).isEqualTo("Retain");
        });
        // and the function itself is still deleted with the stack
        assertThat(SamTransform.resource(SamTransform.transformed(), function).has("DeletionPolicy")).isFalse();
    }
}

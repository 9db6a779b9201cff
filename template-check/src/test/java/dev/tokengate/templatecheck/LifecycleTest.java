package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokengate.testkit.template.SamTransform;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What outlives the stack, and why (docs/DEPLOY.md "Deleting or updating the stack"). */
class LifecycleTest {

    @ParameterizedTest
    @CsvSource({
            // revocation state and its audit: kept on delete and replacement, never orphaned by a failed first create
            "TokenTable, RetainExceptOnCreate, Retain",
            "AuditTable, RetainExceptOnCreate, Retain",
            // the only record of batches that could not be audited
            "AuditFailureQueue, Retain, Retain",
            // the only record of Cognito sign-outs that failed every attempt (their users' tokens still work)
            "CognitoSignOutFailureQueue, Retain, Retain",
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
    }
}

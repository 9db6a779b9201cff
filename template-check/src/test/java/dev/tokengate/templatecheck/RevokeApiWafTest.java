package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokengate.testkit.template.ExternalCommand;
import dev.tokengate.testkit.template.Intrinsics;
import dev.tokengate.testkit.template.ProjectLayout;
import dev.tokengate.testkit.template.SamTransform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The optional AWS WAF web ACL in front of the revocation API: off by default, associated with exactly the API's
 * stage when given, and the documented web ACL (docs/waf/revoke-api-web-acl.yaml) valid and aimed at the stage's
 * real /admin path.
 */
class RevokeApiWafTest {
    private static final String WEB_ACL = "arn:aws:wafv2:eu-west-1:" + Intrinsics.ACCOUNT
            + ":regional/webacl/tokengate-revoke-api/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    private static final Path DOCUMENTED_ACL = ProjectLayout.root().resolve("docs/waf/revoke-api-web-acl.yaml");

    @Test
    void noWebAclIsAssociatedByDefault() {
        Intrinsics defaults = new Intrinsics(SamTransform.transformed(), Map.of());

        assertThat(defaults.condition("HasRevokeApiWebAcl")).isFalse();
        assertThat(SamTransform.transformed().path("Resources").path("RevokeApiWebAclAssociation")
                .path("Condition").asText()).isEqualTo("HasRevokeApiWebAcl");
    }

    @Test
    void aGivenWebAclIsAssociatedWithTheRevocationApiStage() {
        Map<String, String> values = Map.of("RevokeApiWebAclArn", WEB_ACL);
        JsonNode translated = SamTransform.translate(Map.of("waf", values)).get("waf");
        Intrinsics env = new Intrinsics(translated, values);

        assertThat(env.condition("HasRevokeApiWebAcl")).isTrue();
        JsonNode association = env.evaluate(SamTransform.resource(translated, "RevokeApiWebAclAssociation")
                .path("Properties"));
        assertThat(association.path("WebACLArn").asText()).isEqualTo(WEB_ACL);
        assertThat(association.path("ResourceArn").asText())
                .isEqualTo("arn:aws:apigateway:eu-west-1::/restapis/ref:RevokeApi/stages/ref:RevokeApiv1Stage");
    }

    @Test
    void theDocumentedWebAclPassesCfnLintAndLimitsTheStagesAdminPath() throws IOException {
        ExternalCommand.Result lint = ExternalCommand.run(ProjectLayout.root(),
                List.of("cfn-lint", DOCUMENTED_ACL.toString()));
        assertThat(lint.exitCode()).as("cfn-lint findings:%n%s", lint.output()).isZero();

        // parsed as the SAM translator parses template.yaml (CloudFormation's short-form tags expanded)
        ExternalCommand.Result parsed = ExternalCommand.run(ProjectLayout.root(), List.of("python3", "-c",
                "import json, sys; from samtranslator.yaml_helper import yaml_parse; "
                        + "print(json.dumps(yaml_parse(open(sys.argv[1]).read())))", DOCUMENTED_ACL.toString()));
        assertThat(parsed.exitCode()).as(parsed.output()).isZero();
        JsonNode acl = new ObjectMapper().readTree(parsed.output());
        String stage = SamTransform.template().path("Resources").path("RevokeApi").path("Properties")
                .path("StageName").asText();
        assertThat(acl.path("Parameters").path("AdminPathPrefix").path("Default").asText())
                .isEqualTo("/" + stage + "/admin/");
        JsonNode rules = acl.path("Resources").path("RevokeApiWebAcl").path("Properties").path("Rules");
        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule.path("Action").has("Block")).isTrue();
            assertThat(rule.path("Statement").path("RateBasedStatement").path("AggregateKeyType").asText())
                    .isEqualTo("IP");
        });
    }
}

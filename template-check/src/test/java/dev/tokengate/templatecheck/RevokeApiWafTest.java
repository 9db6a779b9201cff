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
 * The optional AWS WAF web ACL in front of the revocation API: the documented companion template
 * (docs/waf/revoke-api-web-acl.yaml) is valid, limits the stage's real /admin path, and is associated with exactly
 * the stage the tokengate stack exports. tokengate's own template carries no WAF resource: it stays deployable from
 * the Serverless Application Repository, whose list of supported resource types this check cannot confirm for WAF.
 */
class RevokeApiWafTest {
    private static final Path DOCUMENTED_ACL = ProjectLayout.root().resolve("docs/waf/revoke-api-web-acl.yaml");

    @Test
    void theStackExportsTheStageArnTheWebAclIsAssociatedWith() throws IOException {
        Intrinsics env = new Intrinsics(SamTransform.transformed(), Map.of());
        String stageArn = env.text(SamTransform.transformed().path("Outputs").path("RevokeApiStageArn").path("Value"));

        assertThat(stageArn).isEqualTo("arn:aws:apigateway:eu-west-1::/restapis/ref:RevokeApi/stages/"
                + SamTransform.template().path("Resources").path("RevokeApi").path("Properties").path("StageName")
                        .asText());
        JsonNode acl = documentedAcl();
        String pattern = acl.path("Parameters").path("RevokeApiStageArn").path("AllowedPattern").asText();
        assertThat("arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/v1").matches(pattern);
        JsonNode association = acl.path("Resources").path("RevokeApiWebAclAssociation");
        assertThat(association.path("Type").asText()).isEqualTo("AWS::WAFv2::WebACLAssociation");
        assertThat(association.path("Properties").path("ResourceArn").path("Ref").asText())
                .isEqualTo("RevokeApiStageArn");
        assertThat(SamTransform.transformed().path("Resources").toString()).doesNotContain("AWS::WAFv2");
    }

    @Test
    void theDocumentedWebAclPassesCfnLintAndLimitsTheStagesAdminPath() throws IOException {
        ExternalCommand.Result lint = ExternalCommand.run(ProjectLayout.root(),
                List.of("cfn-lint", DOCUMENTED_ACL.toString()));
        assertThat(lint.exitCode()).as("cfn-lint findings:%n%s", lint.output()).isZero();

        JsonNode acl = documentedAcl();
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

    /** The documented web ACL template, parsed as the SAM translator parses template.yaml (short-form tags expanded). */
    private static JsonNode documentedAcl() throws IOException {
        ExternalCommand.Result parsed = ExternalCommand.run(ProjectLayout.root(), List.of("python3", "-c",
                "import json, sys; from samtranslator.yaml_helper import yaml_parse; "
                        + "print(json.dumps(yaml_parse(open(sys.argv[1]).read())))", DOCUMENTED_ACL.toString()));
        assertThat(parsed.exitCode()).as(parsed.output()).isZero();
        return new ObjectMapper().readTree(parsed.output());
    }
}

package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokengate.testkit.template.ProjectLayout;
import dev.tokengate.testkit.template.SamTransform;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One version everywhere (the parent pom's), and a template the Serverless Application Repository accepts: its
 * AWS::ServerlessRepo::Application metadata within SAR's rules, and only resource types SAR can deploy.
 */
class ReleaseMetadataTest {
    /**
     * The resource types SAR supports, from "List of Supported AWS Resources"
     * (https://docs.aws.amazon.com/serverlessrepo/latest/devguide/list-supported-resources.html), for the services
     * tokengate builds on. A type from any other service fails {@link #everyResourceTypeIsOneSarCanDeploy}: look
     * it up on that page, and add it here only if it is listed there.
     */
    private static final Set<String> SAR_SUPPORTED = Set.of(
            "AWS::ApiGateway::Account", "AWS::ApiGateway::ApiKey", "AWS::ApiGateway::Authorizer",
            "AWS::ApiGateway::BasePathMapping", "AWS::ApiGateway::ClientCertificate", "AWS::ApiGateway::Deployment",
            "AWS::ApiGateway::DocumentationPart", "AWS::ApiGateway::DocumentationVersion",
            "AWS::ApiGateway::DomainName", "AWS::ApiGateway::GatewayResponse", "AWS::ApiGateway::Method",
            "AWS::ApiGateway::Model", "AWS::ApiGateway::RequestValidator", "AWS::ApiGateway::Resource",
            "AWS::ApiGateway::RestApi", "AWS::ApiGateway::Stage", "AWS::ApiGateway::UsagePlan",
            "AWS::ApiGateway::UsagePlanKey", "AWS::ApiGateway::VpcLink",
            "AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::ApiMapping", "AWS::ApiGatewayV2::Authorizer",
            "AWS::ApiGatewayV2::DomainName", "AWS::ApiGatewayV2::Deployment", "AWS::ApiGatewayV2::Integration",
            "AWS::ApiGatewayV2::IntegrationResponse", "AWS::ApiGatewayV2::Model", "AWS::ApiGatewayV2::Route",
            "AWS::ApiGatewayV2::RouteResponse", "AWS::ApiGatewayV2::Stage",
            "AWS::CloudFormation::CustomResource", "AWS::CloudFormation::WaitConditionHandle",
            "AWS::CloudWatch::Alarm", "AWS::CloudWatch::Dashboard",
            "AWS::DynamoDB::Table",
            "AWS::Events::Rule",
            "AWS::IAM::ManagedPolicy", "AWS::IAM::Policy", "AWS::IAM::Role",
            "AWS::KMS::Alias", "AWS::KMS::Key",
            "AWS::Lambda::Alias", "AWS::Lambda::EventSourceMapping", "AWS::Lambda::Function",
            "AWS::Lambda::LayerVersion", "AWS::Lambda::LayerVersionPermission", "AWS::Lambda::Permission",
            "AWS::Lambda::Version",
            "AWS::Logs::LogGroup", "AWS::Logs::MetricFilter", "AWS::Logs::SubscriptionFilter",
            "AWS::SNS::Subscription", "AWS::SNS::Topic", "AWS::SNS::TopicPolicy",
            "AWS::SQS::Queue", "AWS::SQS::QueuePolicy",
            "AWS::SSM::Parameter");

    private static JsonNode application() {
        JsonNode application = SamTransform.template().path("Metadata").path("AWS::ServerlessRepo::Application");
        assertThat(application.isObject()).as("template.yaml Metadata has AWS::ServerlessRepo::Application").isTrue();
        return application;
    }

    private static String pomVersion() {
        String version = System.getProperty("tokengate.version");
        assertThat(version).as("tokengate.version (template-check's pom passes ${project.version})")
                .matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        return version;
    }

    @Test
    void semanticVersionIsThePomsVersionWithoutSnapshot() {
        assertThat(application().path("SemanticVersion").asText())
                .as("template.yaml's SemanticVersion vs the parent pom's %s", pomVersion())
                .isEqualTo(pomVersion().replace("-SNAPSHOT", ""));
    }

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void everyZipLogsThePomsVersion(DeployedFunction function) throws ReflectiveOperationException {
        // The class the init lines read, loaded from the zip alone: its version.properties is the one shipped.
        Class<?> version = function.zip().initialise("dev.tokengate.core.Version");
        assertThat(version.getMethod("current").invoke(null)).isEqualTo(pomVersion());
    }

    @Test
    void applicationMetadataMeetsSarsRules() {
        JsonNode app = application();
        // The limits AWS documents for CreateApplication.
        assertThat(app.path("Name").asText()).isEqualTo("tokengate").matches("[a-zA-Z0-9-]{1,140}");
        assertThat(app.path("Author").asText()).matches("[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?").hasSizeLessThan(128);
        assertThat(app.path("Description").asText()).isNotBlank().hasSizeLessThanOrEqualTo(256);
        assertThat(app.path("SpdxLicenseId").asText()).isEqualTo("Apache-2.0");
        assertThat(app.path("Labels").size()).isBetween(1, 10);
        app.path("Labels").forEach(label -> assertThat(label.asText()).matches("[a-zA-Z0-9+\\-_:/@]{1,127}"));
        assertThat(app.path("HomePageUrl").asText()).startsWith("https://");
        assertThat(app.path("SourceCodeUrl").asText()).startsWith("https://");
        // sam package uploads these local files with the template.
        for (String file : List.of(app.path("LicenseUrl").asText(), app.path("ReadmeUrl").asText())) {
            assertThat(ProjectLayout.root().resolve(file)).as("%s beside template.yaml", file).isRegularFile();
        }
        assertThat(app.path("LicenseUrl").asText()).isEqualTo("LICENSE");
        assertThat(app.path("ReadmeUrl").asText()).isEqualTo("README.md");
    }

    @Test
    void everyResourceTypeIsOneSarCanDeploy() {
        // After the SAM transform: what CloudFormation creates, optional resources (Condition) included.
        Set<String> used = new TreeSet<>();
        SamTransform.transformed().path("Resources").forEach(r -> used.add(r.path("Type").asText()));
        List<String> unsupported = new ArrayList<>(used);
        unsupported.removeAll(SAR_SUPPORTED);

        System.out.printf("resource types after the SAM transform: %s; not supported by SAR: %s%n", used, unsupported);
        assertThat(unsupported).as("resource types SAR cannot deploy (SAR lists custom resources as"
                + " AWS::CloudFormation::CustomResource; a Custom::Name type is not on its list)").isEmpty();
    }

    @Test
    void licenseFileIsApache2() throws Exception {
        String license = Files.readString(ProjectLayout.root().resolve("LICENSE"));
        assertThat(license).contains("Apache License", "Version 2.0, January 2004",
                "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION");
    }
}

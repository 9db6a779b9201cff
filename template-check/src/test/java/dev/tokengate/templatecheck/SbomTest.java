package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokengate.testkit.template.ProjectLayout;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each function's CycloneDX SBOM lists exactly what its zip ships: one component per jar under lib/, matched by
 * SHA-256 (so a version, a classifier or a rebuilt reactor jar cannot slip past), nothing more and nothing less.
 */
class SbomTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Per test, so an offline run reports each check as skipped rather than hiding the class. */
    private static JsonNode sbomOf(DeployedFunction function) throws IOException {
        assumeTrue(ReleaseArtifacts.sbomBuilt(),
                "offline build (-o): cyclonedx-maven-plugin's makeBom needs online mode, so Maven made no SBOM");
        return JSON.readTree(ProjectLayout.root().resolve(ReleaseArtifacts.sbom(function.module)).toFile());
    }

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void listsExactlyTheJarsUnderLib(DeployedFunction function) throws IOException {
        JsonNode bom = sbomOf(function);
        Map<String, String> componentBySha256 = new HashMap<>();
        for (JsonNode component : bom.path("components")) {
            for (JsonNode hash : component.path("hashes")) {
                if (hash.path("alg").asText().equals("SHA-256")) {
                    componentBySha256.put(hash.path("content").asText(), component.path("purl").asText());
                }
            }
        }
        Map<String, String> jarBySha256 = new HashMap<>();
        ZipEntries.libraryJars(function.module).values().forEach(jar -> jarBySha256.put(jar.sha256(), jar.fileName()));

        System.out.printf("%s: %d SBOM components, %d jars under lib/%n", ReleaseArtifacts.sbom(function.module),
                bom.path("components").size(), jarBySha256.size());
        assertThat(bom.path("components").size()).as("components, each with a SHA-256")
                .isEqualTo(componentBySha256.size());
        assertThat(componentBySha256.keySet())
                .as("SBOM components %s vs jars under lib/ %s", componentBySha256.values(), jarBySha256.values())
                .containsExactlyInAnyOrderElementsOf(jarBySha256.keySet());
    }

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void describesTheFunctionAtThePomsVersion(DeployedFunction function) throws IOException {
        JsonNode bom = sbomOf(function);

        assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.path("metadata").path("component").path("version").asText())
                .isEqualTo(System.getProperty("tokengate.version"));
        assertThat(bom.path("metadata").path("component").path("licenses").toString()).contains("Apache-2.0");
    }
}

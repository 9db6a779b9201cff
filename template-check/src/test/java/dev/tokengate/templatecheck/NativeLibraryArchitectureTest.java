package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokengate.templatecheck.NativeLibraries.NativeLibrary;
import dev.tokengate.testkit.template.Intrinsics;
import dev.tokengate.testkit.template.ProjectLayout;
import dev.tokengate.testkit.template.SamTransform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorizer zip ships Amazon Corretto Crypto Provider's native library for exactly one Lambda architecture: the
 * one template.yaml deploys the authorizer on by default. On any other architecture ACCP cannot load and the
 * authorizer falls back to the JDK's providers, which is correct but makes every decision slower (ES256 ~13x, RS256
 * ~4x under Lambda's C1, docs/PERFORMANCE.md) and shows only in one init log line. So the mismatch is refused here.
 */
class NativeLibraryArchitectureTest {
    private static final String LIBRARY = "com/amazon/corretto/crypto/provider/libamazonCorrettoCryptoProvider.so";
    private static final String AARCH64_JAR = "AmazonCorrettoCryptoProvider-2.5.0-linux-aarch_64.jar";
    private static final String X86_64_JAR = "AmazonCorrettoCryptoProvider-2.5.0-linux-x86_64.jar";

    @TempDir
    Path temp;

    @Test
    void authorizerZipCarriesTheNativeLibraryOfTheTemplatesDefaultArchitectureOnly() {
        String deployed = deployedArchitecture(Map.of());

        assertOneLibraryFor(deployed, NativeLibraries.accp(authorizerZip()));
    }

    @Test
    void refusesATemplateDeployingTheAuthorizerOnTheOtherArchitecture() {
        List<NativeLibrary> shipped = NativeLibraries.accp(authorizerZip());
        String other = shipped.get(0).architecture().equals("arm64") ? "x86_64" : "arm64";
        // the template as a stack with that Architecture would deploy it: what a changed default amounts to
        String deployed = deployedArchitecture(Map.of("Architecture", other));

        assertThatThrownBy(() -> assertOneLibraryFor(deployed, shipped))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("deploys the authorizer on " + other);
    }

    @Test
    void refusesAZipWithBothArchitectures() throws IOException {
        Path zip = zipWithLibraries(Map.of(AARCH64_JAR, elf(183), X86_64_JAR, elf(62)));

        assertThatThrownBy(() -> assertOneLibraryFor("arm64", NativeLibraries.accp(zip)))
                .hasMessageContaining("[arm64, x86_64]");
    }

    @Test
    void refusesAZipWithoutTheNativeLibrary() throws IOException {
        Path zip = zipWithLibraries(Map.of());

        assertThatThrownBy(() -> assertOneLibraryFor("arm64", NativeLibraries.accp(zip)))
                .hasMessageContaining("no ACCP native library");
    }

    @Test
    void readsTheArchitectureFromTheLibrarysElfHeaderNotFromTheJarsName() throws IOException {
        Path zip = zipWithLibraries(Map.of(AARCH64_JAR, elf(62)));

        assertThat(NativeLibraries.accp(zip)).singleElement()
                .satisfies(library -> assertThat(library.architecture()).isEqualTo("x86_64"));
        assertThatThrownBy(() -> assertOneLibraryFor("arm64", NativeLibraries.accp(zip)))
                .hasMessageContaining("classifier says arm64");
    }

    /** The architecture the transformed template gives the authorizer function, for these parameter values. */
    private static String deployedArchitecture(Map<String, String> parameters) {
        JsonNode template = SamTransform.transformed();
        JsonNode properties = SamTransform.resource(template, DeployedFunction.AUTHORIZER.logicalId).path("Properties");
        return new Intrinsics(template, parameters).evaluate(properties.path("Architectures")).path(0).asText();
    }

    private static void assertOneLibraryFor(String deployed, List<NativeLibrary> libraries) {
        String zip = DeployedFunction.AUTHORIZER.expectedCodeUri();
        String built = System.getProperty("tokengate.accp.arch", "?");
        assertThat(libraries)
                .as("%s has no ACCP native library: the authorizer would check every signature with the JDK's "
                        + "providers", zip)
                .isNotEmpty();
        for (NativeLibrary library : libraries) {
            assertThat(library.architecture())
                    .as("%s in %s is built for %s, but its classifier says %s", library.library(), library.jar(),
                            library.architecture(), library.classifierArchitecture())
                    .isEqualTo(library.classifierArchitecture());
        }
        TreeSet<String> architectures = new TreeSet<>(libraries.stream().map(NativeLibrary::architecture).toList());
        assertThat(architectures)
                .as("%s ships ACCP's native library for %s (%s), but template.yaml deploys the authorizer on %s. "
                        + "There ACCP cannot load and the JDK's providers check every signature, several times "
                        + "slower. Ship exactly the deployed architecture's library: this build ran with "
                        + "-Daccp.arch=%s; the parent pom's accp.arch and template.yaml's Architecture default must "
                        + "change together (docs/DEPLOY.md, \"Deploy\")", zip, architectures,
                        libraries.stream().map(NativeLibrary::jar).distinct().toList(), deployed, built)
                .containsExactly(deployed);
        assertThat(libraries).as("one native library, in one jar: %s", libraries).hasSize(1);
    }

    private static Path authorizerZip() {
        return ProjectLayout.root().resolve(DeployedFunction.AUTHORIZER.codeUri());
    }

    /** A function zip whose lib/ holds these ACCP jars, each with one native library of the given bytes. */
    private Path zipWithLibraries(Map<String, byte[]> jars) throws IOException {
        Path zip = Files.createTempFile(temp, "authorizer", ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("lib/tokengate-core-0.jar"));
            out.write(jar(Map.of("dev/tokengate/Empty.class", new byte[] {1})));
            for (Map.Entry<String, byte[]> jar : jars.entrySet()) {
                out.putNextEntry(new ZipEntry("lib/" + jar.getKey()));
                out.write(jar(Map.of(LIBRARY, jar.getValue())));
            }
        }
        return zip;
    }

    private static byte[] jar(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
            }
        }
        return bytes.toByteArray();
    }

    /** The first 20 bytes of a little-endian 64-bit ELF shared object for this e_machine. */
    private static byte[] elf(int machine) {
        byte[] header = new byte[64];
        header[0] = 0x7f;
        header[1] = 'E';
        header[2] = 'L';
        header[3] = 'F';
        header[4] = 2; // ELFCLASS64
        header[5] = 1; // ELFDATA2LSB
        header[16] = 3; // ET_DYN
        header[18] = (byte) machine;
        header[19] = (byte) (machine >>> 8);
        return header;
    }
}

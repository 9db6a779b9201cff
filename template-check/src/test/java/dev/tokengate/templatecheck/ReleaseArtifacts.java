package dev.tokengate.templatecheck;

import java.util.List;

/**
 * What {@code ./mvnw package} leaves beside each function's zip, relative to the repository root: the files
 * {@code build/release} puts in {@code target/release/}.
 */
final class ReleaseArtifacts {
    private ReleaseArtifacts() {
    }

    static String zip(String module) {
        return module + "/target/" + module + ".zip";
    }

    /** CycloneDX SBOM (JSON) of what the zip ships. */
    static String sbom(String module) {
        return module + "/target/" + module + ".cdx.json";
    }

    /** license-maven-plugin's list of the zip's third-party jars, also inside the zip as META-INF/THIRD-PARTY.txt. */
    static String thirdPartyList(String module) {
        return module + "/target/" + module + "-THIRD-PARTY.txt";
    }

    /**
     * Whether this build made the SBOMs: cyclonedx-maven-plugin's makeBom declares that it needs online mode, so
     * Maven skips it (with a warning) in an offline build ({@code -o}). {@code ./mvnw package} and build/release run
     * online.
     */
    static boolean sbomBuilt() {
        return !"offline=true".equals(System.getProperty("tokengate.maven.mode"));
    }

    /** Everything this build made for the module's release. */
    static List<String> of(String module) {
        return sbomBuilt()
                ? List.of(zip(module), sbom(module), thirdPartyList(module))
                : List.of(zip(module), thirdPartyList(module));
    }
}

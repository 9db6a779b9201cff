package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each deployment zip is lean: one lightweight HTTP client, no test or benchmark code. */
class ZipContentsTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "(apache-client|apache5-client|httpclient|httpcore|netty|junit|assertj|opentest4j|tokengate-testkit|"
                    + "mockito|jmh|testcontainers|aws-lambda-java-tests|jqwik).*\\.jar");

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void libHoldsCoreAndNoHeavyHttpClientOrTestLibrary(DeployedFunction function) {
        assertThat(function.zip().libraries())
                .anySatisfy(jar -> assertThat(jar).startsWith("tokengate-core-"))
                .noneSatisfy(jar -> assertThat(jar).matches(FORBIDDEN));
    }

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void noOwnClassChoosesACredentialsProvider(DeployedFunction function) {
        // A SnapStart version has no credential variables, only the container endpoint: a pinned provider (the
        // environment-variable one, say) breaks every AWS call once deployed. The SDK's default chain finds both.
        for (Path classFile : function.zip().tokengateClassFiles()) {
            assertThat(SdkCalls.referencedClasses(classFile))
                    .as("%s refers to a credentials provider", classFile.getFileName())
                    .noneSatisfy(name -> assertThat(name).startsWith("software/amazon/awssdk/auth/credentials/"));
        }
    }

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void shipsNoCommonsFileUploadWithCve2025_48976(DeployedFunction function) {
        // Multipart parsing in 2.0.0-M2 and M3 lets one request exhaust memory; the parent pom manages M5.
        assertThat(function.zip().libraries()).noneSatisfy(jar -> assertThat(jar)
                .matches("commons-fileupload2-.*-2\\.0\\.0-M[123]\\.jar"));
    }

    @Test
    void revokeFunctionShipsOneSlf4jProviderThatLogsNothing() {
        // Without a provider SLF4J warns on every cold start; with a real one the container would log request data.
        assertThat(DeployedFunction.REVOKE_API.zip().libraries()).filteredOn(jar -> jar.startsWith("slf4j-")
                && !jar.startsWith("slf4j-api-")).singleElement().satisfies(jar -> assertThat(jar).startsWith("slf4j-nop-"));
    }

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void rootHoldsNoTestClasses(DeployedFunction function) {
        assertThat(function.zip().ownClassFiles())
                .noneSatisfy(file -> assertThat(file.getFileName().toString()).matches(".*(Test|IT)(\\$.*)?\\.class"));
    }
}

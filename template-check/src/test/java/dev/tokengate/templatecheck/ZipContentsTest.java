package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Pattern;
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
    void rootHoldsNoTestClasses(DeployedFunction function) {
        assertThat(function.zip().ownClassFiles())
                .noneSatisfy(file -> assertThat(file.getFileName().toString()).matches(".*(Test|IT)(\\$.*)?\\.class"));
    }
}

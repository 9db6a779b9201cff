package dev.tokengate.templatecheck;

import dev.tokengate.testkit.template.ExternalCommand;
import dev.tokengate.testkit.template.Intrinsics;
import dev.tokengate.testkit.template.ProjectLayout;
import dev.tokengate.testkit.template.SamTransform;

import static org.assertj.core.api.Assertions.assertThat;

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
    void rootHoldsNoTestClasses(DeployedFunction function) {
        assertThat(function.zip().ownClassFiles())
                .noneSatisfy(file -> assertThat(file.getFileName().toString()).matches(".*(Test|IT)(\\$.*)?\\.class"));
    }
}

package dev.tokengate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.regions.Region;

class AwsNamesTest {

    @Test
    void aBlankEndpointIsUnset() {
        // SAM CLI declares a template's conditional variables as empty strings; that must mean AWS's own endpoint.
        assertThat(AwsNames.endpoint(Settings.of(Map.of("DYNAMODB_ENDPOINT", "")))).isEmpty();
        assertThat(AwsNames.endpoint(Settings.of(Map.of("DYNAMODB_ENDPOINT", "   ")))).isEmpty();
        assertThat(AwsNames.endpoint(Settings.of(Map.of()))).isEmpty();
    }

    @Test
    void aSetEndpointIsUsedAsGiven() {
        assertThat(AwsNames.endpoint(Settings.of(Map.of("DYNAMODB_ENDPOINT", "http://host.docker.internal:5055"))))
                .contains(URI.create("http://host.docker.internal:5055"));
        assertThat(AwsNames.endpoint(Settings.of(Map.of("DYNAMODB_ENDPOINT", "https://dynamodb.eu-west-1.amazonaws.com"))))
                .contains(URI.create("https://dynamodb.eu-west-1.amazonaws.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:5055", "ftp://127.0.0.1:21", "http://user:pw@127.0.0.1:5055",
            "http://127.0.0.1:5055/?x=1", "not a url"})
    void anEndpointThatIsNotAnHttpUrlIsRefusedNamingTheVariable(String value) {
        assertThatThrownBy(() -> AwsNames.endpoint(Settings.of(Map.of("DYNAMODB_ENDPOINT", value))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("DYNAMODB_ENDPOINT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "eu-central-2", "us-gov-west-1", "cn-northwest-1", "ap-southeast-5",
            "eu-isoe-west-1"})
    void acceptsRegionIds(String id) {
        assertThat(AwsNames.region(Region.of(id))).isEqualTo(Region.of(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"EU-WEST-1", "eu_west_1", "west", "eu-west", "us-east-1a"})
    void refusesWhatIsNotARegionId(String id) {
        assertThatThrownBy(() -> AwsNames.region(Region.of(id))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("AWS_REGION");
    }

    @Test
    void aMissingRegionOrTableIsNamed() {
        assertThatThrownBy(() -> AwsNames.region((Region) null)).hasMessageStartingWith("AWS_REGION");
        assertThatThrownBy(() -> AwsNames.tableName("TOKEN_TABLE", " ")).hasMessageStartingWith("TOKEN_TABLE");
        assertThatThrownBy(() -> AwsNames.tableName("AUDIT_TABLE", "a b")).hasMessageStartingWith("AUDIT_TABLE");
        assertThat(AwsNames.tableName("TOKEN_TABLE", "tokengate-TokenTable-1ABC.x_y")).isEqualTo("tokengate-TokenTable-1ABC.x_y");
        assertThat(AwsNames.endpoint(Optional.empty())).isEmpty();
    }
}

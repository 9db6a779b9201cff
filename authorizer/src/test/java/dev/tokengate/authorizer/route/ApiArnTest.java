package dev.tokengate.authorizer.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiArnTest {

    @Test
    void readsRestMethodArn() {
        ApiArn arn = ApiArn.parse("arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/GET/orders/42").orElseThrow();
        assertThat(arn).isEqualTo(new ApiArn("aws", "us-east-1", "123456789012", "a1b2c3", "prod", HttpMethod.GET,
                "/orders/42"));
        assertThat(arn.wholeStage()).isEqualTo("arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/*/*");
        assertThat(arn.resource("POST/orders/*"))
                .isEqualTo("arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/POST/orders/*");
    }

    @Test
    void readsHttpApiRouteArnWithDefaultStage() {
        ApiArn arn = ApiArn.parse("arn:aws:execute-api:eu-west-1:123456789012:f6g7/$default/DELETE/a/b").orElseThrow();
        assertThat(arn.stage()).isEqualTo("$default");
        assertThat(arn.method()).isEqualTo(HttpMethod.DELETE);
        assertThat(arn.path()).isEqualTo("/a/b");
    }

    @Test
    void readsTheRootResourceAsApiGatewayWritesIt() {
        assertThat(ApiArn.parse("arn:aws:execute-api:us-east-1:1:api/prod/GET/").orElseThrow().path()).isEqualTo("/");
    }

    @Test
    void keepsThePathExactlyAsSentTrailingSlashesAndLiteralStarsIncluded() {
        assertThat(ApiArn.parse("arn:aws:execute-api:us-east-1:1:api/prod/GET/orders/").orElseThrow().path())
                .isEqualTo("/orders/");
        assertThat(ApiArn.parse("arn:aws:execute-api:us-east-1:1:api/prod/PUT/a*b/c:d").orElseThrow().path())
                .isEqualTo("/a*b/c:d");
    }

    @Test
    void keepsThePartitionForPolicies() {
        ApiArn arn = ApiArn.parse("arn:aws-cn:execute-api:cn-north-1:1:api/prod/GET/x").orElseThrow();
        assertThat(arn.wholeStage()).startsWith("arn:aws-cn:execute-api:cn-north-1:1:api/prod/");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "arn", "arn:aws:lambda:us-east-1:1:function:x", "arn:aws:execute-api:us-east-1:1:api",
            "arn:aws:execute-api:us-east-1:1:api/prod", "arn:aws:execute-api::1:api/prod/GET/x",
            "arn:aws:execute-api:us-east-1::api/prod/GET/x", "not-an-arn:aws:execute-api:r:1:api/s/GET/x",
            "arn:aws:execute-api:us-east-1:1:/prod/GET/x", "arn:aws:execute-api:us-east-1:1:api//GET/x",
            // not what API Gateway sends: the root is GET/, methods are upper case and concrete
            "arn:aws:execute-api:us-east-1:1:api/prod/GET", "arn:aws:execute-api:us-east-1:1:api/prod/get/x",
            "arn:aws:execute-api:us-east-1:1:api/prod/ANY/x", "arn:aws:execute-api:us-east-1:1:api/prod/*/x",
            "arn:aws:execute-api:us-east-1:1:api/prod/$default", "arn:aws:execute-api:us-east-1:1:api/prod/CONNECT/x",
            // wildcards in the parts a policy copies would widen it
            "arn:aws:execute-api:us-east-1:1:api/*/GET/x", "arn:aws:execute-api:us-east-1:1:*/prod/GET/x",
            "arn:aws:execute-api:us-east-1:1:ap?/prod/GET/x", "arn:aws:execute-api:*:1:api/prod/GET/x",
            "arn:aws:execute-api:us-east-1:*:api/prod/GET/x", "arn:*:execute-api:us-east-1:1:api/prod/GET/x"})
    void refusesAnythingElse(String value) {
        assertThat(ApiArn.parse(value)).isEmpty();
    }

    @Test
    void refusesNonStringsAndOverlongArns() {
        assertThat(ApiArn.parse(42)).isEmpty();
        assertThat(ApiArn.parse("arn:aws:execute-api:us-east-1:1:api/prod/GET/" + "a".repeat(ApiArn.MAX_LENGTH)))
                .isEmpty();
    }
}

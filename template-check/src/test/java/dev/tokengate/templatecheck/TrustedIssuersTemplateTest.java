package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokengate.testkit.template.Intrinsics;
import dev.tokengate.testkit.template.SamTransform;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The template's issuer-profile path, through the SAM translator: {@code TrustedIssuers} reaches both API functions as
 * {@code TRUSTED_ISSUERS}, the single-issuer variables are then not set at all, the config records in the zips read
 * the documented example (a Cognito user pool and a second IdP) as two profiles, and the Rules section refuses both
 * forms at once, or neither.
 */
class TrustedIssuersTemplateTest {
    /** DEPLOY.md's example: Cognito access tokens of one user pool, and a workforce IdP found by discovery. */
    static final String COGNITO_AND_WORKFORCE = "[{\"id\":\"cognito\",\"issuer\":"
            + "\"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123\",\"preset\":\"cognito-access\","
            + "\"clientIds\":[\"7d4hg2ktpq1brv4c0ek1dp5mtp\"]},{\"id\":\"workforce\",\"issuer\":"
            + "\"https://login.example.com/realms/staff\",\"discovery\":true,\"audiences\":[\"orders-api\"],"
            + "\"types\":[\"at+jwt\"],\"crossIssuerAdmin\":true}]";
    /** The single-issuer parameters cleared, as the OneTrustConfiguration rule wants with TrustedIssuers. */
    static final Map<String, String> NO_SINGLE_ISSUER = Map.of("JwtIssuer", "", "JwtAudience", "", "JwksUrl", "");

    static Map<String, String> profiles() {
        Map<String, String> values = new HashMap<>(NO_SINGLE_ISSUER);
        values.put("TrustedIssuers", COGNITO_AND_WORKFORCE);
        return values;
    }

    @ParameterizedTest
    @EnumSource(value = DeployedFunction.class, names = {"AUTHORIZER", "REVOKE_API"})
    void profilesReachTheFunctionsAndTheSingleIssuerVariablesStayUnset(DeployedFunction function) throws Exception {
        JsonNode template = SamTransform.translate(Map.of("profiles", profiles())).get("profiles");
        JsonNode variables = new Intrinsics(template, profiles()).evaluate(SamTransform.resource(template,
                function.logicalId).path("Properties").path("Environment").path("Variables"));

        assertThat(variables.path("TRUSTED_ISSUERS").asText()).isEqualTo(COGNITO_AND_WORKFORCE);
        for (String single : List.of("JWT_ISSUER", "JWT_AUDIENCE", "JWKS_URL", "JWKS", "JWT_ALGORITHMS", "JWT_TYPES",
                "CLOCK_SKEW_SECONDS", "MAX_TOKEN_LIFETIME_SECONDS", "MAX_REFRESH_TOKEN_LIFETIME_SECONDS")) {
            assertThat(variables.has(single)).as("%s is not set with issuer profiles", single).isFalse();
        }

        Object config = HandlerAndConfigTest.loadConfig(function, HandlerAndConfigTest.environment(function, profiles()));
        Object jwt = call(config, "jwt");
        List<?> loaded = (List<?>) call(jwt, "profiles");
        assertThat(loaded).hasSize(2);
        assertThat(loaded.stream().map(p -> {
            try {
                return call(p, "id");
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        })).containsExactly("cognito", "workforce");
    }

    @Test
    void theSingleIssuerPathStillSetsItsVariablesAndNoProfiles() {
        JsonNode variables = new Intrinsics(SamTransform.transformed(), HandlerAndConfigTest.BASE).evaluate(
                SamTransform.resource(SamTransform.transformed(), "AuthorizerFunction").path("Properties")
                        .path("Environment").path("Variables"));
        assertThat(variables.path("JWT_ISSUER").asText()).isEqualTo(HandlerAndConfigTest.BASE.get("JwtIssuer"));
        assertThat(variables.path("TRUSTED_ISSUERS").asText()).isEmpty();
    }

    @Test
    void theRulesAcceptExactlyOneTrustConfiguration() {
        assertThat(oneTrustConfiguration(HandlerAndConfigTest.BASE)).isTrue();
        assertThat(oneTrustConfiguration(profiles())).isTrue();
        Map<String, String> both = new HashMap<>(HandlerAndConfigTest.BASE);
        both.put("TrustedIssuers", COGNITO_AND_WORKFORCE);
        assertThat(oneTrustConfiguration(both)).isFalse();
        Map<String, String> neither = new HashMap<>(NO_SINGLE_ISSUER);
        assertThat(oneTrustConfiguration(neither)).isFalse();
    }

    @Test
    void theSingleIssuerKeySourceRuleOnlyAppliesToTheSingleIssuer() {
        JsonNode rule = SamTransform.transformed().path("Rules").path("ExactlyOneKeySource");
        assertThat(new Intrinsics(SamTransform.transformed(), profiles()).evaluate(rule.path("RuleCondition"))
                .booleanValue()).isFalse();
        assertThat(new Intrinsics(SamTransform.transformed(), HandlerAndConfigTest.BASE)
                .evaluate(rule.path("RuleCondition")).booleanValue()).isTrue();
    }

    private static boolean oneTrustConfiguration(Map<String, String> values) {
        JsonNode assertion = SamTransform.transformed().path("Rules").path("OneTrustConfiguration").path("Assertions")
                .get(0).path("Assert");
        return new Intrinsics(SamTransform.transformed(), values).evaluate(assertion).booleanValue();
    }

    private static Object call(Object target, String accessor) throws ReflectiveOperationException {
        Method method = target.getClass().getMethod(accessor);
        method.setAccessible(true);
        return method.invoke(target);
    }
}

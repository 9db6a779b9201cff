package dev.tokengate.templatecheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokengate.testkit.template.Intrinsics;
import dev.tokengate.testkit.template.ProjectLayout;
import dev.tokengate.testkit.template.SamTransform;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The template against the code in the zips its CodeUri names: every Handler resolves to a class with the right
 * interface, every environment variable the template sets is one the function's config record reads, every required
 * one is set, and every value the template's parameters allow is one the config record accepts.
 */
class HandlerAndConfigTest {
    /** Variables the Lambda runtime sets itself; a template may not set them (Lambda rejects reserved keys). */
    static final Set<String> LAMBDA_RESERVED = Set.of("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API",
            "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "_HANDLER", "_X_AMZN_TRACE_ID");

    /** Values for parameters without a default, and the key source the Rules section requires. */
    static final Map<String, String> BASE = Map.of(
            "JwtIssuer", "https://issuer.example.com/",
            "JwtAudience", "api.example.com",
            "JwksUrl", "https://issuer.example.com/.well-known/jwks.json");

    /** Realistic values for free-form parameters (each must also pass the parameter's AllowedPattern). */
    static final Map<String, List<String>> SAMPLES = Map.ofEntries(
            Map.entry("JwtIssuer", List.of("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123",
                    "https://login.example.com/realms/main")),
            Map.entry("JwtAudience", List.of("api.example.com", "7d4hg2ktpq1brv4c0ek1dp5mtp,api://orders")),
            Map.entry("JwksUrl", List.of("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/.well-known/jwks.json")),
            Map.entry("JwtAlgorithms", List.of("RS256", "ES256,PS256", "RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512")),
            Map.entry("JwtTypes", List.of("JWT", "at+jwt,application/at+jwt", "JWT,none")),
            Map.entry("RouteScopes", List.of("", "GET /orders/*=orders:read;POST /orders=orders:write admin",
                    "ANY a1b2c3d4e5:/admin/*=admin;GET f6g7h8i9j0:/=root;HEAD /v1/*/items/=items")),
            Map.entry("LocalDynamoDbEndpoint", List.of("http://host.docker.internal:5055", "http://127.0.0.1:8000")),
            Map.entry("AdminScope", List.of("tokengate:admin", "https://api.example.com/revoke.admin")),
            Map.entry("AuthorizerCacheFlushTargets", List.of("rest:abcdefghij/prod",
                    "rest:abcdefghij/prod,http:klmnopqrst/$default,http:uvwxyz0123/v2")),
            Map.entry("TrustedIssuers", List.of(TrustedIssuersTemplateTest.COGNITO_AND_WORKFORCE)),
            Map.entry("CognitoUserPoolIds", List.of("eu-west-1_AbCdEf123")),
            Map.entry("MetricNamespace", List.of("tokengate", "acme/sec:tokengate-prod#eu_1.2")));

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void codeUriNamesTheZipItsModuleBuilds(DeployedFunction function) {
        assertThat(function.codeUri()).isEqualTo(function.expectedCodeUri());
        assertThat(ProjectLayout.root().resolve(function.codeUri())).isRegularFile();
    }

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void handlerResolvesToAPublicClassWithTheRightInterfaceInsideItsZip(DeployedFunction function) {
        String handler = properties(function).path("Handler").asText();
        assertThat(handler).contains("::");
        String className = handler.substring(0, handler.indexOf("::"));
        String methodName = handler.substring(handler.indexOf("::") + 2);
        FunctionZip zip = function.zip();

        Class<?> type = zip.load(className);
        Class<?> contract = zip.load(function.handlerInterface);
        assertThat(contract.isAssignableFrom(type)).as("%s implements %s", className, function.handlerInterface)
                .isTrue();
        assertThat(Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers())).isTrue();
        assertThat(publicNoArgConstructor(type)).as("Lambda instantiates %s with a public no-arg constructor",
                className).isTrue();
        assertThat(typeArguments(type, contract)).isEqualTo(function.typeArguments);

        int arity = function.typeArguments.isEmpty() ? 3 : 2;
        assertThat(Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(methodName) && m.getParameterCount() == arity && !m.isBridge()))
                .as("%s has a public %s with %d parameters", className, methodName, arity).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void everyVariableTheTemplateSetsIsReadByTheConfigRecord(DeployedFunction function) {
        Set<String> set = templateVariables(function);
        assertThat(variables(function, "VARIABLES")).as("%s.VARIABLES", function.configClass).containsAll(set);
        assertThat(set).as("reserved by Lambda").doesNotContainAnyElementsOf(LAMBDA_RESERVED);
    }

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void everyRequiredVariableIsSetByTheTemplateOrByLambda(DeployedFunction function) {
        Set<String> missing = new TreeSet<>(variables(function, "REQUIRED"));
        missing.removeAll(templateVariables(function));
        assertThat(LAMBDA_RESERVED).as("required but neither set by the template nor by Lambda").containsAll(missing);
    }

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void deployedFunctionsUseAwsOwnEndpointAndOnlySamLocalSetsAnother(DeployedFunction function)
            throws ReflectiveOperationException {
        // Deployed, DYNAMODB_ENDPOINT is empty (SAM CLI declares it empty too) and the config must read that as
        // unset: the SDK itself would fail to build a client on an empty endpoint.
        Map<String, String> deployed = environment(function, BASE);
        assertThat(deployed).containsEntry("DYNAMODB_ENDPOINT", "").doesNotContainKey("AWS_ENDPOINT_URL_DYNAMODB");
        assertThat(call(loadConfig(function, deployed), "dynamoDbEndpoint")).isEqualTo(Optional.empty());

        Map<String, String> local = environment(function, Map.of("LocalDynamoDbEndpoint",
                "http://host.docker.internal:5055"));
        assertThat(call(loadConfig(function, local), "dynamoDbEndpoint"))
                .isEqualTo(Optional.of(URI.create("http://host.docker.internal:5055")));
    }

    @ParameterizedTest
    @EnumSource(DeployedFunction.class)
    void configRecordAcceptsEveryValueTheTemplateParametersAllow(DeployedFunction function) {
        JsonNode parameters = SamTransform.transformed().path("Parameters");
        List<Map<String, String>> scenarios = new ArrayList<>();
        scenarios.add(BASE);
        for (String name : referencedParameters(function)) {
            for (String value : allowedValues(name, parameters.path(name))) {
                Map<String, String> scenario = new HashMap<>(BASE);
                scenario.put(name, value);
                if (name.equals("TrustedIssuers") && !value.isEmpty()) {
                    scenario.putAll(TrustedIssuersTemplateTest.NO_SINGLE_ISSUER); // the OneTrustConfiguration rule
                }
                if (name.equals("RouteScopes") && !value.isEmpty()) {
                    scenario.put("HttpApiResponse", "iam"); // the template's RouteScopesNeedPolicies rule
                }
                scenarios.add(scenario);
            }
        }
        scenarios.add(withInlineJwks());
        for (Map<String, String> scenario : scenarios) {
            loadConfig(function, environment(function, scenario));
        }
    }

    @Test
    void theTemplateRefusesRouteScopesWithSimpleHttpApiAnswersAsTheAuthorizerDoes() {
        JsonNode rule = SamTransform.transformed().path("Rules").path("RouteScopesNeedPolicies");
        assertThat(rule.path("Assertions").size()).isEqualTo(1);
        Map<String, String> unsafe = new HashMap<>(BASE);
        unsafe.put("RouteScopes", "GET /orders/*=orders:read");
        assertThatThrownBy(() -> loadConfig(DeployedFunction.AUTHORIZER, environment(DeployedFunction.AUTHORIZER, unsafe)))
                .hasMessageContaining("HTTP_API_RESPONSE");
    }

    @Test
    void authorizerTimeoutOutlastsItsWorstCaseDependencyBudget() throws ReflectiveOperationException {
        // A cold JWKS fetch (connect + read) and then the whole DynamoDB budget must still end inside the function's
        // timeout, so a slow dependency surfaces as the authorizer's own fail-closed error, not a Lambda timeout.
        Object config = loadConfig(DeployedFunction.AUTHORIZER, environment(DeployedFunction.AUTHORIZER, BASE));
        Object jwks = call(call(config, "jwt"), "jwks");
        Duration budget = ((Duration) call(call(config, "storeBudget"), "apiCallTimeout"))
                .plus((Duration) call(jwks, "connectTimeout"))
                .plus((Duration) call(jwks, "readTimeout"));
        int timeout = properties(DeployedFunction.AUTHORIZER).path("Timeout").asInt();
        assertThat(budget).isLessThan(Duration.ofSeconds(timeout).minusSeconds(1));

        // The duration alarm sits between the two: past the budgets (something else is slow), before the timeout.
        JsonNode threshold = SamTransform.template().path("Parameters").path("AuthorizerDurationThresholdMillis");
        assertThat(threshold.path("Default").asLong()).isGreaterThan(budget.toMillis());
        assertThat(threshold.path("MaxValue").asLong()).isLessThan(timeout * 1000L);
    }

    /** The environment the template gives a function for these parameter values, plus what Lambda sets. */
    static Map<String, String> environment(DeployedFunction function, Map<String, String> parameters) {
        Map<String, String> values = new HashMap<>(BASE);
        values.putAll(parameters);
        if (function == DeployedFunction.COGNITO_SIGN_OUT) {
            // It is deployed only with its pools, and refuses to start with a pool no issuer profile trusts (its
            // config test, CognitoSignOutHandlerIT): a trust configuration without the pool becomes the documented
            // Cognito + second IdP one. The single-issuer variables are the same JwtConfig the others check.
            values.putAll(DeployedFunction.COGNITO_ON);
            if (!trustsTheCognitoPool(values)) {
                values.putAll(TrustedIssuersTemplateTest.profiles());
            }
        }
        JsonNode variables = new Intrinsics(SamTransform.transformed(), values)
                .evaluate(properties(function).path("Environment").path("Variables"));
        Map<String, String> env = new LinkedHashMap<>();
        variables.fields().forEachRemaining(v -> {
            String value = v.getValue().asText();
            // a resource's name exists only once deployed: use one shaped like CloudFormation's generated names
            env.put(v.getKey(), value.startsWith("ref:") ? "tokengate-" + value.substring(4) + "-1X2Y3Z4W5V6U" : value);
        });
        env.put("AWS_REGION", Intrinsics.REGION);
        return env;
    }

    private static boolean trustsTheCognitoPool(Map<String, String> values) {
        String pool = "https://cognito-idp." + Intrinsics.REGION + ".amazonaws.com/"
                + DeployedFunction.COGNITO_ON.get("CognitoUserPoolIds");
        String trusted = values.getOrDefault("TrustedIssuers", "");
        return trusted.isEmpty() ? pool.equals(values.get("JwtIssuer")) : trusted.contains("\"" + pool + "\"");
    }

    static Object loadConfig(DeployedFunction function, Map<String, String> env) {
        Class<?> config = function.zip().initialise(function.configClass);
        try {
            Method from = config.getMethod("fromEnvironment", Map.class);
            return from.invoke(null, env);
        } catch (InvocationTargetException e) {
            throw new AssertionError(function.configClass + " refuses what the template sets: " + e.getCause()
                    + "\nenvironment: " + env, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(function.configClass + " has no public static fromEnvironment(Map)", e);
        }
    }

    private static List<String> allowedValues(String name, JsonNode parameter) {
        List<String> values = new ArrayList<>();
        parameter.path("AllowedValues").forEach(v -> values.add(v.asText()));
        if (parameter.has("MinValue")) {
            values.add(parameter.path("MinValue").asText());
        }
        if (parameter.has("MaxValue")) {
            values.add(parameter.path("MaxValue").asText());
        }
        values.addAll(SAMPLES.getOrDefault(name, List.of()));
        if (parameter.has("AllowedPattern")) {
            Pattern pattern = Pattern.compile(parameter.path("AllowedPattern").asText());
            values.forEach(v -> assertThat(pattern.matcher(v).matches())
                    .as("sample %s=%s passes the parameter's AllowedPattern", name, v).isTrue());
        }
        return values;
    }

    /** The Rules section allows an inline JWK set instead of a URL: the config must accept that too. */
    private static Map<String, String> withInlineJwks() {
        Map<String, String> scenario = new HashMap<>(BASE);
        scenario.put("JwksUrl", "");
        scenario.put("Jwks", publicEcJwks());
        return scenario;
    }

    private static String publicEcJwks() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            ECPublicKey key = (ECPublicKey) generator.generateKeyPair().getPublic();
            return "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"template-check\",\"use\":\"sig\",\"alg\":\"ES256\","
                    + "\"x\":\"" + coordinate(key.getW().getAffineX()) + "\",\"y\":\""
                    + coordinate(key.getW().getAffineY()) + "\"}]}";
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, fixed, 32 - length, length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }

    /** Template parameters the function's environment refers to (Ref or ${Name} in Fn::Sub). */
    private static Set<String> referencedParameters(DeployedFunction function) {
        Set<String> names = new TreeSet<>();
        collectReferences(properties(function).path("Environment"), names);
        names.retainAll(iterable(SamTransform.transformed().path("Parameters").fieldNames()));
        return names;
    }

    private static void collectReferences(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            if (node.has("Ref")) {
                names.add(node.get("Ref").asText());
            }
            node.forEach(child -> collectReferences(child, names));
        } else if (node.isArray()) {
            node.forEach(child -> collectReferences(child, names));
        } else if (node.isTextual()) {
            Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(node.asText());
            while (m.find()) {
                names.add(m.group(1));
            }
        }
    }

    /** Every key the template's Environment may set, whichever way its conditions go. */
    private static Set<String> templateVariables(DeployedFunction function) {
        return new TreeSet<>(iterable(properties(function).path("Environment").path("Variables").fieldNames()));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> variables(DeployedFunction function, String field) {
        Class<?> config = function.zip().initialise(function.configClass);
        try {
            return new TreeSet<>((Set<String>) config.getField(field).get(null));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(function.configClass + " has no public static Set<String> " + field, e);
        }
    }

    private static List<String> typeArguments(Class<?> type, Class<?> contract) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == contract) {
                    return Arrays.stream(p.getActualTypeArguments()).map(Type::getTypeName).toList();
                }
            }
        }
        return List.of();
    }

    private static boolean publicNoArgConstructor(Class<?> type) {
        try {
            Constructor<?> constructor = type.getConstructor();
            return Modifier.isPublic(constructor.getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Object call(Object target, String accessor) throws ReflectiveOperationException {
        Method method = target.getClass().getMethod(accessor);
        method.setAccessible(true);
        return method.invoke(target);
    }

    private static Set<String> iterable(java.util.Iterator<String> names) {
        Set<String> out = new TreeSet<>();
        names.forEachRemaining(out::add);
        return out;
    }

    private static JsonNode properties(DeployedFunction function) {
        return SamTransform.resource(SamTransform.transformed(), function.logicalId).path("Properties");
    }
}

package dev.tokengate.lambdatier.sandbox;

import dev.tokengate.lambdatier.credentials.ExecutionRoleCredentials;
import dev.tokengate.lambdatier.template.TemplateFunction;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The whole environment of a function process on Lambda's managed {@code java21} runtime, and nothing inherited
 * from the machine: the function's own {@code Environment.Variables} from the template, the variables Lambda
 * defines (AWS docs, "Defined runtime environment variables"), the log settings of {@code LoggingConfig}, and the
 * execution role's credentials the way Lambda hands them over for this init type.
 *
 * @param runtimeApi host:port of the Runtime API
 * @param runtimeDir {@code LAMBDA_RUNTIME_DIR}, where the runtime's own jars are
 */
record LambdaEnvironment(TemplateFunction function, InitType initType, String region, String runtimeApi,
                         Path taskRoot, Path runtimeDir, ExecutionRoleCredentials credentials) {
    /** Keys a function's configuration may not set: Lambda refuses the deploy (InvalidParameterValueException). */
    static final Set<String> RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION",
            "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "TZ");
    static final String EXECUTION_ENV = "AWS_Lambda_java21";
    private static final DateTimeFormatter LOG_STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    /** The version Lambda runs: a published one behind the alias, else {@code $LATEST}. */
    String version() {
        return function.alias().isPresent() ? "1" : "$LATEST";
    }

    Map<String, String> variables() {
        List<String> reservedInTemplate = function.environment().keySet().stream().filter(RESERVED::contains).toList();
        if (!reservedInTemplate.isEmpty()) {
            throw new AssertionError(function.logicalId() + " sets reserved variables " + reservedInTemplate
                    + ": Lambda refuses such a configuration");
        }
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        env.put("_HANDLER", function.handler());
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", version());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", initType.value());
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_EXECUTION_ENV", EXECUTION_ENV);
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", function.logging().logGroup());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).format(LOG_STREAM_DATE)
                + "/[" + version() + "]" + UUID.randomUUID().toString().replace("-", ""));
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        env.put("LD_LIBRARY_PATH", String.join(":", "/lib64", "/usr/lib64", runtimeDir.toString(),
                runtimeDir + "/lib", taskRoot.toString(), taskRoot + "/lib", "/opt/lib"));
        // Advanced logging controls: Lambda passes the JSON format and the levels on to the runtime client.
        if ("JSON".equals(function.logging().format())) {
            env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
            function.logging().applicationLevel().ifPresent(level -> env.put("AWS_LAMBDA_LOG_LEVEL", level));
        }
        env.putAll(credentials.environment());
        return env;
    }
}

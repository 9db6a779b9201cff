package dev.tokengate.lambdatier.sandbox;

import dev.tokengate.lambdatier.credentials.ExecutionRoleCredentials;
import dev.tokengate.lambdatier.dynamodb.SigningCheckProxy;
import dev.tokengate.lambdatier.template.TemplateFunction;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything {@link SandboxBuilder} started for one sandbox, handed over to the {@link LambdaSandbox} that owns it.
 *
 * @param java the JVM the function runs on
 */
record SandboxParts(TemplateFunction function, InitType initType, Path directory, ExecutionRoleCredentials credentials,
                    SigningCheckProxy proxy, RuntimeApi runtimeApi, TaskRoot taskRoot, Map<String, String> environment,
                    Path java, LogLines logs, FunctionProcess process) {
}

package dev.tokengate.testkit.tools;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Python tools the build and {@code ./run-local} run, each with the variable that names it explicitly, the
 * distribution whose version must fit {@code build/python-requirements.txt}, and its name in the project venv.
 */
public enum Tool {
    /** moto's DynamoDB (and DynamoDB Streams) server: the integration tests and the local runner talk to it. */
    MOTO_SERVER("moto_server", "MOTO_SERVER", "moto", "moto_server",
            "the DynamoDB API the integration tests and ./run-local run against"),
    /** The CloudFormation linter the template checks run on template.yaml. */
    CFN_LINT("cfn-lint", "CFN_LINT", "cfn-lint", "cfn-lint", "the linter the template checks run"),
    /** A Python 3 that imports aws-sam-translator: the template checks' SAM transform (sam_transform.py). */
    SAM_TRANSLATOR_PYTHON("python3", "TOKENGATE_PYTHON", "aws-sam-translator", "python",
            "the Python the template checks run the SAM transform with");

    private final String command;
    private final String variable;
    private final String distribution;
    private final String venvName;
    private final String purpose;

    Tool(String command, String variable, String distribution, String venvName, String purpose) {
        this.command = command;
        this.variable = variable;
        this.distribution = distribution;
        this.venvName = venvName;
        this.purpose = purpose;
    }

    /** Its name on PATH. */
    public String command() {
        return command;
    }

    /** The environment variable that, when set, names the executable to use as it is. */
    public String variable() {
        return variable;
    }

    /** The tool whose name on PATH is {@code command}, if it is one of these. */
    public static Optional<Tool> forCommand(String command) {
        return Arrays.stream(values()).filter(tool -> tool.command.equals(command)).findFirst();
    }

    String distribution() {
        return distribution;
    }

    String venvName() {
        return venvName;
    }

    String purpose() {
        return purpose;
    }
}

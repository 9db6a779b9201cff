package dev.tokengate.lambdatier.credentials;

import java.util.List;
import java.util.Map;

/**
 * An on-demand function's credentials: Lambda puts one set in the environment. (A SnapStart function gets none there:
 * see {@link ContainerCredentials}.)
 */
public record EnvironmentCredentials(AwsCredentials credentials) implements ExecutionRoleCredentials {
    /** The variables Lambda reserves for them; {@code AWS_ACCESS_KEY} is documented beside the usual three. */
    public static final List<String> VARIABLES =
            List.of("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");

    public static EnvironmentCredentials random() {
        return new EnvironmentCredentials(AwsCredentials.random());
    }

    @Override
    public Map<String, String> environment() {
        return Map.of(
                "AWS_ACCESS_KEY_ID", credentials.accessKeyId(),
                "AWS_ACCESS_KEY", credentials.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey(),
                "AWS_SESSION_TOKEN", credentials.sessionToken());
    }

    @Override
    public List<AwsCredentials> issued() {
        return List.of(credentials);
    }
}

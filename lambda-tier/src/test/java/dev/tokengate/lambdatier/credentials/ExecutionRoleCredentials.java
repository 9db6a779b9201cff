package dev.tokengate.lambdatier.credentials;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How Lambda hands a function its execution role's credentials, and which credentials it has handed out so far (the
 * DynamoDB stand-in accepts requests signed with those and no others).
 */
public interface ExecutionRoleCredentials extends AutoCloseable {
    /** The variables through which the function finds its credentials. */
    Map<String, String> environment();

    /** Every set handed out so far. */
    List<AwsCredentials> issued();

    default Optional<AwsCredentials> byAccessKeyId(String accessKeyId) {
        return issued().stream().filter(c -> c.accessKeyId().equals(accessKeyId)).findFirst();
    }

    @Override
    default void close() {
    }
}

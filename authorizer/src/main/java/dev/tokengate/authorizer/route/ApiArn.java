package dev.tokengate.authorizer.route;

import java.util.Optional;

/**
 * The parts of an {@code execute-api} ARN that API Gateway hands the authorizer ({@code methodArn} for REST,
 * {@code routeArn} for HTTP API): {@code arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path>}.
 *
 * <p>Policies are built only from {@link #partition}, {@link #region}, {@link #account}, {@link #apiId} and
 * {@link #stage} plus configured rule patterns, never from the request path: a client-chosen path (which may even
 * contain a literal {@code *}) can never widen a policy.
 *
 * @param method the HTTP method of this request, upper case as API Gateway sends it
 * @param path the request path with its leading {@code /} ({@code /} for the root resource)
 */
public record ApiArn(String partition, String region, String account, String apiId, String stage, String method,
                     String path) {

    /** API Gateway caps an authorization-enabled method ARN at 1600 bytes; anything longer is not from it. */
    static final int MAX_LENGTH = 1600;

    /** Parses an ARN as API Gateway sends it; empty for anything else (never throws). */
    public static Optional<ApiArn> parse(Object value) {
        if (!(value instanceof String arn) || arn.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String[] head = arn.split(":", 6);
        if (head.length != 6 || !head[0].equals("arn") || !head[2].equals("execute-api")
                || head[1].isEmpty() || head[3].isEmpty() || head[4].isEmpty()) {
            return Optional.empty();
        }
        String resource = head[5];
        String[] parts = resource.split("/", 4);
        if (parts.length < 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return Optional.empty();
        }
        String path = parts.length == 4 ? "/" + parts[3] : "/";
        return Optional.of(new ApiArn(head[1], head[3], head[4], parts[0], parts[1], parts[2], path));
    }

    /** {@code arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>/} followed by {@code suffix}. */
    public String resource(String methodAndPath) {
        return "arn:" + partition + ":execute-api:" + region + ":" + account + ":" + apiId + "/" + stage + "/"
                + methodAndPath;
    }

    /** Every method and path of this API and stage. */
    public String wholeStage() {
        return resource("*/*");
    }
}

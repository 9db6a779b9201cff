package dev.tokengate.authorizer.route;

import java.util.Objects;
import java.util.Optional;

/**
 * The parts of an {@code execute-api} ARN that API Gateway hands the authorizer ({@code methodArn} for REST,
 * {@code routeArn} for HTTP API): {@code arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path>}.
 * The path is the request's concrete path as the API sees it: REST, the resource path under the stage (no stage name,
 * no custom-domain base path); HTTP API, the path without the stage prefix. The root is {@code <METHOD>/}.
 *
 * <p>Policies are built only from {@link #partition}, {@link #region}, {@link #account}, {@link #apiId} and
 * {@link #stage} plus configured rule patterns, never from the request path: a client-chosen path (which may even
 * contain a literal {@code *}) can never widen a policy. Those five parts must be free of {@code *} and {@code ?}:
 * copied into a policy they would be wildcards (API Gateway never sends them; its ids and stage names cannot hold
 * them).
 *
 * @param method the HTTP method of this request, as API Gateway writes it
 * @param path the request path with its leading {@code /} ({@code /} for the root resource), exactly as in the ARN
 */
public record ApiArn(String partition, String region, String account, String apiId, String stage, HttpMethod method,
                     String path) {

    /** API Gateway caps an authorization-enabled method ARN at 1600 bytes; anything longer is not from it. */
    static final int MAX_LENGTH = 1600;

    public ApiArn {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
    }

    /**
     * Parses an ARN as API Gateway sends it; empty for anything else (never throws). Refused: a method API Gateway
     * does not send, a missing {@code /} after the method (the root is {@code GET/}), a wildcard in the parts a
     * policy copies. Each of those would let the policy and the decision read the same request differently.
     */
    public static Optional<ApiArn> parse(Object value) {
        if (!(value instanceof String arn) || arn.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String[] head = arn.split(":", 6);
        if (head.length != 6 || !head[0].equals("arn") || !head[2].equals("execute-api")
                || !literal(head[1]) || !literal(head[3]) || !literal(head[4])) {
            return Optional.empty();
        }
        String[] parts = head[5].split("/", 4);
        if (parts.length != 4 || !literal(parts[0]) || !literal(parts[1])) {
            return Optional.empty();
        }
        Optional<HttpMethod> method = HttpMethod.named(parts[2]);
        return method.map(m -> new ApiArn(head[1], head[3], head[4], parts[0], parts[1], m, "/" + parts[3]));
    }

    private static boolean literal(String part) {
        return !part.isEmpty() && part.indexOf('*') < 0 && part.indexOf('?') < 0;
    }

    /** {@code arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>/} followed by {@code methodAndPath}. */
    public String resource(String methodAndPath) {
        return "arn:" + partition + ":execute-api:" + region + ":" + account + ":" + apiId + "/" + stage + "/"
                + methodAndPath;
    }

    /** Every method and path of this API and stage. */
    public String wholeStage() {
        return resource("*/*");
    }
}

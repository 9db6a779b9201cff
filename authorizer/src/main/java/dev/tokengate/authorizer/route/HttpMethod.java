package dev.tokengate.authorizer.route;

import java.util.Optional;

/**
 * The HTTP methods API Gateway puts into an execute-api ARN after the stage. A route rule's {@code ANY} stands for
 * all of them: its policy lists each one (never a {@code *} in the method position, whose match API Gateway does not
 * confine to the method: {@code <stage>/*}{@code /admin/*} would also cover {@code GET/users/admin/x}).
 */
public enum HttpMethod {
    DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT;

    /** values() copies the array on every call; this runs on every decision. */
    private static final HttpMethod[] ALL = values();

    /** The method named exactly (upper case, as API Gateway writes it); empty for anything else. */
    public static Optional<HttpMethod> named(String name) {
        for (HttpMethod method : ALL) {
            if (method.name().equals(name)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }
}

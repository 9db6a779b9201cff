package dev.tokengate.revoke.api;

import dev.tokengate.core.log.JsonLine;
import dev.tokengate.core.log.LogSink;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Objects;

/** JSON for every error, including Jersey's own (unknown route, wrong method) and anything unexpected. */
final class ErrorMappers {
    private ErrorMappers() {
    }

    /** Our own refusals of bad requests. */
    static final class ApiErrorMapper implements ExceptionMapper<ApiError> {
        @Override
        public Response toResponse(ApiError e) {
            return JsonResponses.error(e.status(), e.error(), e.field(), fieldMessage(e));
        }

        static String fieldMessage(ApiError e) {
            return e.field() == null ? e.getMessage() : e.field() + " " + e.getMessage();
        }
    }

    /** Jersey's HTTP errors (404, 405, 406, 415, a malformed header...), rendered with our fixed words. */
    static final class WebErrorMapper implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response original = e.getResponse();
            int status = original == null ? 500 : original.getStatus();
            Response json = switch (status) {
                case 400 -> JsonResponses.error(400, "invalid_request", null, "the request is malformed");
                case 404 -> JsonResponses.error(404, "not_found", null, "no such route");
                case 405 -> JsonResponses.error(405, "method_not_allowed", null, "this route does not take that method");
                case 406 -> JsonResponses.error(406, "not_acceptable", null, "responses are application/json");
                case 415 -> JsonResponses.error(415, "unsupported_media_type", "Content-Type",
                        "Content-Type must be application/json (UTF-8)");
                default -> status >= 500 || status < 400
                        ? JsonResponses.error(500, "internal_error", null, "unexpected error")
                        : JsonResponses.error(status, "http_" + status, null, "request refused");
            };
            if (status == 405 && original.getHeaderString(HttpHeaders.ALLOW) != null) {
                return Response.fromResponse(json).header(HttpHeaders.ALLOW, original.getHeaderString(HttpHeaders.ALLOW))
                        .build();
            }
            return json;
        }
    }

    /** Anything else is a bug: 500 with fixed words, and the exception's class (not its message) in the log. */
    static final class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {
        private final LogSink log;

        UnexpectedErrorMapper(LogSink log) {
            this.log = Objects.requireNonNull(log, "log");
        }

        @Override
        public Response toResponse(Throwable e) {
            log.write(JsonLine.error("revoke_unexpected_error").with("error", e.getClass().getName()));
            return JsonResponses.error(500, "internal_error", null, "unexpected error");
        }
    }
}

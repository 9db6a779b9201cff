package dev.tokengate.authorizer.handler;

import dev.tokengate.authorizer.route.ApiArn;
import java.util.Optional;

/** What the handler needs from one event, whatever its shape: the route (from API Gateway's ARN) and the token. */
record AuthorizerRequest(EventShape shape, Optional<ApiArn> route, BearerToken.Extraction token) {
}

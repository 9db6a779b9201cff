package dev.tokengate.authorizer.handler;

import dev.tokengate.authorizer.binding.SenderEvidence;
import dev.tokengate.authorizer.route.ApiArn;
import java.util.Optional;

/**
 * What the handler needs from one event, whatever its shape: the route (from API Gateway's ARN), the token, and
 * what the request shows about its sender (DPoP proof, URL, client certificate).
 */
record AuthorizerRequest(EventShape shape, Optional<ApiArn> route, BearerToken.Extraction token,
                         SenderEvidence evidence) {
}

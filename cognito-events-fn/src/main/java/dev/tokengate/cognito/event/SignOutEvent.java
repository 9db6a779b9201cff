package dev.tokengate.cognito.event;

import java.util.Optional;

/**
 * What tokengate reads of one CloudTrail record of an Amazon Cognito user pool API call, delivered by EventBridge
 * ({@code detail-type} "AWS API Call via CloudTrail", the record in {@code detail}). Values Cognito hides
 * ({@code HIDDEN_DUE_TO_SECURITY_REASONS}) read as absent.
 *
 * @param eventId the CloudTrail {@code eventID}
 * @param eventName the API operation ({@code GlobalSignOut}, {@code AdminUserGlobalSignOut}, {@code RevokeToken})
 * @param eventSource {@code cognito-idp.amazonaws.com} for a user pool
 * @param errorCode present when the call failed: then nobody was signed out
 * @param userPoolId the pool: {@code requestParameters.userPoolId}, {@code additionalEventData.userPoolId}, or a
 *     user pool ARN among the record's {@code resources}
 * @param sub the user: {@code additionalEventData.sub} (Cognito records the user's sub there, not the username)
 * @param username {@code requestParameters.username}, when the record shows it
 */
public record SignOutEvent(String eventId, String eventName, String eventSource, Optional<String> errorCode,
                           Optional<String> userPoolId, Optional<String> sub, Optional<String> username) {
}

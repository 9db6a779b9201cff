package dev.tokengate.cognito.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.tokengate.cognito.config.CognitoEventsConfig;
import dev.tokengate.cognito.event.CloudTrailEvents;
import dev.tokengate.cognito.event.SignOutEvent;
import dev.tokengate.cognito.signout.CognitoUserLookup;
import dev.tokengate.cognito.signout.RevokeAllWriter;
import dev.tokengate.cognito.signout.SignOutRules;
import dev.tokengate.cognito.signout.SignOuts;
import dev.tokengate.cognito.signout.UserLookup;
import dev.tokengate.core.Version;
import dev.tokengate.core.dynamodb.DynamoDbClients;
import dev.tokengate.core.log.JsonLine;
import dev.tokengate.core.log.LogSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lambda entry point for Amazon Cognito sign-outs: EventBridge delivers the CloudTrail record of each
 * {@code GlobalSignOut}, {@code AdminUserGlobalSignOut} and {@code RevokeToken} of the configured pools, and the
 * user's tokens become revoked as a revoke-all. One JSON log line per event. An unreadable event is logged and
 * dropped (retrying cannot make it readable); a failed DynamoDB or Cognito call fails the invocation, so Lambda
 * retries the asynchronous event. Clients are built once at init; credentials come from the default chain.
 */
public final class CognitoSignOutHandler implements RequestStreamHandler {
    private final SignOuts signOuts;
    private final LogSink log;

    /** Lambda's constructor: configuration from the environment, real AWS clients, standard output for logs. */
    public CognitoSignOutHandler() {
        this(CognitoEventsConfig.fromSystemEnvironment());
    }

    /** Builds the function from an explicit environment, exactly as the no-arg constructor does. */
    public CognitoSignOutHandler(Map<String, String> environment) {
        this(CognitoEventsConfig.fromEnvironment(environment));
    }

    private CognitoSignOutHandler(CognitoEventsConfig config) {
        this(config, DynamoDbClients.builder(config.region(), CognitoEventsConfig.DYNAMODB_BUDGET,
                        config.dynamoDbEndpoint()).build(),
                new CognitoUserLookup(cognito(config)), Clock.systemUTC(), LogSink.stdout());
        LogSink.stdout().write(JsonLine.info("cognito.init").with("version", Version.current())
                .with("userPools", String.join(",", config.userPools().keySet())));
    }

    /** For tests: their own DynamoDB client (moto), user lookup, clock and log sink. */
    CognitoSignOutHandler(CognitoEventsConfig config, DynamoDbClient dynamo, UserLookup users, Clock clock,
                          LogSink log) {
        this.signOuts = new SignOuts(new SignOutRules(config.userPools()),
                users, new RevokeAllWriter(dynamo, config.tokenTable()), clock);
        this.log = log;
    }

    private static CognitoIdentityProviderClient cognito(CognitoEventsConfig config) {
        CognitoIdentityProviderClientBuilder builder = CognitoIdentityProviderClient.builder()
                .region(config.region())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(3)))
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(10)));
        config.cognitoEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readNBytes(CloudTrailEvents.MAX_BYTES + 1);
        Optional<SignOutEvent> signOut = CloudTrailEvents.read(event);
        if (signOut.isEmpty()) {
            log.write(JsonLine.warn("cognito.signout").with("outcome", "IGNORED").with("reason", "UNREADABLE_EVENT")
                    .with("bytes", event.length));
        } else {
            try {
                log.write(signOuts.apply(signOut.get()));
            } catch (SdkException e) {
                log.write(JsonLine.error("cognito.signout").with("outcome", "FAILED")
                        .with("reason", e.getClass().getSimpleName()).with("eventName", signOut.get().eventName())
                        .with("eventID", signOut.get().eventId()));
                throw new IllegalStateException("sign-out not recorded (" + e.getClass().getSimpleName()
                        + "); the event is retried", null);
            }
        }
        output.write("{}".getBytes(StandardCharsets.UTF_8));
    }
}

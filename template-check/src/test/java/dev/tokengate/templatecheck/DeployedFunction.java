package dev.tokengate.templatecheck;

import dev.tokengate.testkit.template.SamTransform;
import java.util.List;
import java.util.Map;

/**
 * The functions template.yaml deploys, with the contract each must meet (DESIGN.md and the helper briefs):
 * its handler's interface and type arguments, its config record, its role and its log group.
 */
enum DeployedFunction {
    AUTHORIZER("AuthorizerFunction", "authorizer",
            "com.amazonaws.services.lambda.runtime.RequestHandler", List.of("java.util.Map<java.lang.String, java.lang.Object>",
                    "java.util.Map<java.lang.String, java.lang.Object>"),
            "dev.tokengate.authorizer.config.AuthorizerConfig", "AuthorizerRole", "AuthorizerLogGroup", true),
    REVOKE_API("RevokeApiFunction", "revoke-fn",
            "com.amazonaws.services.lambda.runtime.RequestStreamHandler", List.of(),
            "dev.tokengate.revoke.config.RevokeConfig", "RevokeApiRole", "RevokeApiLogGroup", true),
    AUDIT_STREAM("AuditStreamFunction", "ttl-cleanup-fn",
            "com.amazonaws.services.lambda.runtime.RequestHandler",
            List.of("com.amazonaws.services.lambda.runtime.events.DynamodbEvent",
                    "com.amazonaws.services.lambda.runtime.events.StreamsEventResponse"),
            "dev.tokengate.audit.config.AuditConfig", "AuditStreamRole", "AuditStreamLogGroup", false),
    /** Deployed only with {@code CognitoSignOutEvents=true}: see {@link #COGNITO_ON}. */
    COGNITO_SIGN_OUT("CognitoSignOutFunction", "cognito-events-fn",
            "com.amazonaws.services.lambda.runtime.RequestStreamHandler", List.of(),
            "dev.tokengate.cognito.config.CognitoEventsConfig", "CognitoSignOutRole", "CognitoSignOutLogGroup",
            false);

    /**
     * The parameters that deploy the optional Cognito sign-out function: the pool of the documented Cognito + second
     * IdP example ({@link TrustedIssuersTemplateTest#COGNITO_AND_WORKFORCE}), in the checks' region.
     */
    static final Map<String, String> COGNITO_ON = Map.of("CognitoSignOutEvents", "true",
            "CognitoUserPoolIds", "eu-west-1_AbCdEf123");

    final String logicalId;
    /** The Maven module whose zip the function's CodeUri must name. */
    final String module;
    final String handlerInterface;
    /** The handler interface's type arguments, as {@link java.lang.reflect.Type#getTypeName()} spells them. */
    final List<String> typeArguments;
    final String configClass;
    final String role;
    final String logGroup;
    /** API-facing: published with SnapStart behind the {@code live} alias. */
    final boolean snapStart;

    DeployedFunction(String logicalId, String module, String handlerInterface, List<String> typeArguments,
                     String configClass, String role, String logGroup, boolean snapStart) {
        this.logicalId = logicalId;
        this.module = module;
        this.handlerInterface = handlerInterface;
        this.typeArguments = typeArguments;
        this.configClass = configClass;
        this.role = role;
        this.logGroup = logGroup;
        this.snapStart = snapStart;
    }

    String expectedCodeUri() {
        return module + "/target/" + module + ".zip";
    }

    /** The CodeUri template.yaml gives this function. */
    String codeUri() {
        return SamTransform.resource(SamTransform.template(), logicalId).path("Properties").path("CodeUri").asText();
    }

    FunctionZip zip() {
        return FunctionZip.at(codeUri());
    }
}

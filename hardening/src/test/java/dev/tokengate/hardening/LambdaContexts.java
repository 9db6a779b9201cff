package dev.tokengate.hardening;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** A Lambda context for in-process invocations; its logger drops output (the functions log through a LogSink). */
public final class LambdaContexts {
    private LambdaContexts() {
    }

    public static Context named(String functionName) {
        return new Context() {
            @Override
            public String getAwsRequestId() {
                return "hardening-request";
            }

            @Override
            public String getLogGroupName() {
                return "/aws/lambda/" + functionName;
            }

            @Override
            public String getLogStreamName() {
                return "hardening";
            }

            @Override
            public String getFunctionName() {
                return functionName;
            }

            @Override
            public String getFunctionVersion() {
                return "$LATEST";
            }

            @Override
            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
            }

            @Override
            public CognitoIdentity getIdentity() {
                return null;
            }

            @Override
            public ClientContext getClientContext() {
                return null;
            }

            @Override
            public int getRemainingTimeInMillis() {
                return 10_000;
            }

            @Override
            public int getMemoryLimitInMB() {
                return 1024;
            }

            @Override
            public LambdaLogger getLogger() {
                return new LambdaLogger() {
                    @Override
                    public void log(String message) {
                    }

                    @Override
                    public void log(byte[] message) {
                    }
                };
            }
        };
    }
}

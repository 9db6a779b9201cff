package dev.tokengate.lambdatier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What one invocation came to: the function's response or the error it reported. Asking for the one it did not come
 * to fails the test with the function's log lines, so a failing function explains itself.
 */
public final class Invocation {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RuntimeApi.Reply reply;
    private final Supplier<String> report;
    private final Duration duration;

    Invocation(RuntimeApi.Reply reply, Supplier<String> report, Duration duration) {
        this.reply = reply;
        this.report = report;
        this.duration = duration;
    }

    /**
     * From handing the event to the runtime client ({@code invocation/next} answered) to its response or error
     * arriving: what Lambda reports as Duration, plus the two loopback exchanges.
     */
    public Duration duration() {
        if (duration == null) {
            throw new AssertionError("no timing was recorded for request " + reply.requestId());
        }
        return duration;
    }

    /** The {@code Lambda-Runtime-Aws-Request-Id} this invocation ran under (what the function logs as requestId). */
    public String requestId() {
        return reply.requestId();
    }

    public boolean succeeded() {
        return reply.success();
    }

    /** The response document; fails if the function reported an error instead. */
    public JsonNode response() {
        if (!reply.success()) {
            throw new AssertionError("expected a response, but the function reported an error ("
                    + reply.errorType() + "): " + reply.body() + "\n" + report.get());
        }
        try {
            return JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new AssertionError("the response is not JSON: " + reply.body() + "\n" + report.get(), e);
        }
    }

    /** The error the function reported; fails if it answered instead. */
    public FunctionError error() {
        if (reply.success()) {
            throw new AssertionError("expected an error, but the function answered: " + reply.body() + "\n"
                    + report.get());
        }
        return new FunctionError(reply.errorType(), reply.body());
    }

    /** The sandbox's description and log lines, for an assertion message of the test's own. */
    public String report() {
        return report.get();
    }
}

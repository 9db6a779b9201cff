package dev.tokengate.authorizer.handler;

import java.util.Map;

/**
 * Runs the handler the way Lambda does, in a fresh JVM: the public no-arg constructor reading the real
 * environment, then one event. Prints the answer (or the error message) and the init and first-decision times.
 */
public final class InitPathMain {
    private InitPathMain() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        AuthorizerHandler handler = new AuthorizerHandler();
        long constructed = System.nanoTime();
        Map<String, Object> event = LambdaRuntime.eventFile(args[0]);
        long first = System.nanoTime();
        String result;
        try {
            result = "ANSWER " + LambdaRuntime.toJson(handler.handleRequest(event, null));
        } catch (RuntimeException e) {
            result = "ERROR " + e.getMessage();
        }
        long decided = System.nanoTime();
        handler.handleRequest(LambdaRuntime.eventFile(args[0]), null);
        long second = System.nanoTime() - decided;
        System.out.println(result);
        System.out.printf("TIMES init %.1f ms, first decision %.1f ms, second decision %.1f ms%n",
                (constructed - start) / 1e6, (decided - first) / 1e6, second / 1e6);
    }
}

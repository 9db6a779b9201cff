import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * One cold start, in a fresh JVM whose classpath is a function's unzipped deployment package (task root + lib/*)
 * plus this one class. It does what Lambda's Java runtime does, minus the runtime API: load the handler class, call
 * its public no-arg constructor (configuration from the real environment), then hand it one event. It has no
 * compile-time dependency on anything, so nothing but the zip's own classes is on the path.
 *
 * <p>Usage: {@code java ... ColdStartDriver authorizer <token>} or {@code ... ColdStartDriver revoke <event.json>}.
 * Prints one JSON line. {@code COLD_LAUNCH_EPOCH_NANOS} (set by coldstart.py just before it starts the process)
 * gives the JVM boot time up to main.
 */
public final class ColdStartDriver {
    private ColdStartDriver() {
    }

    public static void main(String[] args) throws Exception {
        long mainNanos = System.nanoTime();
        Instant mainAt = Instant.now();
        String launch = System.getenv("COLD_LAUNCH_EPOCH_NANOS");
        double launchToMainMs = -1;
        if (launch != null) {
            long launchNanos = Long.parseLong(launch);
            long mainEpochNanos = mainAt.getEpochSecond() * 1_000_000_000L + mainAt.getNano();
            launchToMainMs = (mainEpochNanos - launchNanos) / 1e6;
        }
        String kind = args[0];
        ClassLoader loader = ColdStartDriver.class.getClassLoader();
        Class<?> contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader);
        Object context = Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (proxy, method, margs) -> {
            switch (method.getName()) {
                case "getAwsRequestId": return "cold-start-1";
                case "getRemainingTimeInMillis": return 10_000;
                case "getMemoryLimitInMB": return 1024;
                case "getFunctionName": return "cold-start";
                case "toString": return "ColdStartContext";
                case "hashCode": return 1;
                case "equals": return proxy == margs[0];
                default: return null;
            }
        });

        String handlerName = "authorizer".equals(kind) ? "dev.tokengate.authorizer.handler.AuthorizerHandler"
                : "dev.tokengate.revoke.handler.RevokeApiHandler";
        long initStart = System.nanoTime();
        Class<?> handlerType = Class.forName(handlerName, true, loader);
        Object handler = handlerType.getConstructor().newInstance();
        long constructed = System.nanoTime();
        double primingMs = 0;
        if ("1".equals(System.getenv("COLD_PRIME"))) {
            // SnapStart, simulated: org.crac offers no way to fire the hooks on a JVM without CRaC, so call the
            // handler's registered priming resource directly, as Lambda does before the snapshot and at restore;
            // then the first request is timed as a restored sandbox's would be (minus the restore itself).
            java.lang.reflect.Field field = handlerType.getDeclaredField("priming");
            field.setAccessible(true);
            Object priming = field.get(handler);
            Class<?> cracContext = Class.forName("org.crac.Context", true, loader);
            for (String hook : new String[] {"beforeCheckpoint", "afterRestore"}) {
                Method m = priming.getClass().getMethod(hook, cracContext);
                m.setAccessible(true);
                m.invoke(priming, new Object[] {null});
            }
            primingMs = (System.nanoTime() - constructed) / 1e6;
        }
        long initEnd = System.nanoTime();

        String outcome;
        if ("authorizer".equals(kind)) {
            Map<String, Object> event = Map.of("type", "TOKEN", "authorizationToken", "Bearer " + args[1],
                    "methodArn", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/orders/42");
            Method handle = handlerType.getMethod("handleRequest", Object.class, contextType);
            Object answer = handle.invoke(handler, event, context);
            outcome = String.valueOf(answer).contains("Allow") ? "ALLOW" : "NOT_ALLOWED";
        } else {
            byte[] event = Files.readAllBytes(Path.of(args[1]));
            Method handle = handlerType.getMethod("handleRequest", InputStream.class, OutputStream.class, contextType);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handle.invoke(handler, new ByteArrayInputStream(event), out, context);
            outcome = out.toString(StandardCharsets.UTF_8).replaceAll("(?s).*\"statusCode\"\\s*:\\s*(\\d+).*", "$1");
        }
        long firstEnd = System.nanoTime();
        System.out.println("{\"event\":\"cold_start\",\"kind\":\"" + kind + "\""
                + ",\"launchToMainMs\":" + launchToMainMs
                + ",\"constructorMs\":" + (constructed - initStart) / 1e6
                + ",\"primingMs\":" + primingMs
                + ",\"initMs\":" + (launchToMainMs < 0 ? -1 : launchToMainMs + (initEnd - mainNanos) / 1e6)
                + ",\"firstRequestMs\":" + (firstEnd - initEnd) / 1e6
                + ",\"totalMs\":" + (launchToMainMs < 0 ? -1 : launchToMainMs + (firstEnd - mainNanos) / 1e6)
                + ",\"outcome\":\"" + outcome + "\"}");
    }
}

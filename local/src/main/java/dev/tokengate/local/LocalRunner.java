package dev.tokengate.local;

import dev.tokengate.testkit.tools.MissingToolException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * LOCAL ONLY. {@code ./run-local}: starts the whole system on loopback and prints working curl commands. Stop with
 * Ctrl-C. moto_server is found, or installed into the project venv, by testkit's {@code PythonTools}.
 */
public final class LocalRunner {
    private LocalRunner() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalOptions options;
        try {
            options = LocalOptions.fromProcess(args);
        } catch (IllegalArgumentException e) {
            System.err.println("tokengate local: " + e.getMessage());
            System.exit(2);
            return;
        }
        LocalSystem system;
        try {
            system = LocalSystem.start(options, Clock.systemUTC());
        } catch (MissingToolException e) {
            // moto_server is neither found nor installable (no python3, no venv module, no package index): the
            // message says what to install; a stack trace would only bury it.
            System.err.println("tokengate local: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            system.close();
            stopped.countDown();
        }));
        System.out.println(Banner.text(system.baseUrl(), options));
        stopped.await();
    }
}

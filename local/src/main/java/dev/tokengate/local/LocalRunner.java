package dev.tokengate.local;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * LOCAL ONLY. {@code ./run-local}: starts the whole system on loopback and prints working curl commands. Stop with
 * Ctrl-C.
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
        LocalSystem system = LocalSystem.start(options, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            system.close();
            stopped.countDown();
        }));
        System.out.println(Banner.text(system.baseUrl(), options));
        stopped.await();
    }
}

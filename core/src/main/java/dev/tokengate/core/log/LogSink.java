package dev.tokengate.core.log;

import java.io.PrintStream;

/**
 * Where structured lines go. In Lambda that is standard output (one line per record in CloudWatch); tests pass a
 * capturing sink to assert on what was logged, and that no token material was.
 */
@FunctionalInterface
public interface LogSink {
    void write(String line);

    default void write(JsonLine line) {
        write(line.render());
    }

    static LogSink stdout() {
        PrintStream out = System.out;
        return line -> {
            synchronized (out) {
                out.println(line);
            }
        };
    }
}

package dev.tokengate.lambdatier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a function process printed (stdout and stderr, as CloudWatch would receive them), line by line. The process
 * writes before it answers the Runtime API, but the pipe is read on another thread: a test waits for the line it
 * expects (bounded) instead of reading once too early.
 */
public final class LogLines {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REPORTED_LINES = 200;

    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    synchronized void add(String line) {
        lines.add(line);
        notifyAll();
    }

    /** The process closed its output: no line will come any more. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    public synchronized List<String> all() {
        return List.copyOf(lines);
    }

    /** How many lines have been read so far: an index to {@link #awaitFrom} before an invocation. */
    public synchronized int size() {
        return lines.size();
    }

    /** The lines that are JSON objects (the functions' structured log lines), parsed. */
    public List<JsonNode> json() {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : all()) {
            parse(line).ifPresent(parsed::add);
        }
        return parsed;
    }

    /** The JSON lines whose {@code event} field is {@code event}, in order. */
    public List<JsonNode> events(String event) {
        return json().stream().filter(line -> event.equals(line.path("event").asText())).toList();
    }

    /**
     * The first JSON line matching, waiting for it up to {@code timeout}; fails with every line printed if it never
     * comes (or the process ends without printing it).
     */
    public JsonNode await(String what, Predicate<JsonNode> match, Duration timeout) {
        return awaitFrom(0, what, match, timeout);
    }

    /** As {@link #await}, among the lines from index {@code from} on (those printed after a {@link #size()}). */
    public JsonNode awaitFrom(int from, String what, Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                for (String line : lines.subList(Math.min(from, lines.size()), lines.size())) {
                    Optional<JsonNode> parsed = parse(line);
                    if (parsed.isPresent() && match.test(parsed.get())) {
                        return parsed.get();
                    }
                }
                long remaining = deadline - System.nanoTime();
                if (ended || remaining <= 0) {
                    throw new AssertionError("no log line " + what + (ended ? " (the process ended)" : " within "
                            + timeout) + "\n" + report());
                }
                try {
                    wait(Math.max(1, remaining / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for log line " + what, e);
                }
            }
        }
    }

    /** The last lines, for failure messages. */
    public synchronized String report() {
        int from = Math.max(0, lines.size() - REPORTED_LINES);
        StringBuilder out = new StringBuilder();
        out.append("---- function output").append(from > 0 ? " (last " + REPORTED_LINES + " lines)" : "")
                .append(" ----\n");
        lines.subList(from, lines.size()).forEach(line -> out.append(line).append('\n'));
        return out.append("---- end of function output ----").toString();
    }

    private static Optional<JsonNode> parse(String line) {
        if (!line.startsWith("{")) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }
}

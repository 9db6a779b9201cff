package dev.tokengate.lambdatier.coldstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tokengate.testkit.template.ProjectLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The machine the figures come from (CPU, cores, memory, load average before and after, JVM, Node, commit) and the
 * figures themselves: a Markdown table for docs/PERFORMANCE.md, and every sample as JSON.
 */
final class Report {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final int runs;
    private final String nodeVersion;
    private final Instant started;
    private final String loadBefore;

    private Report(int runs, String nodeVersion, Instant started, String loadBefore) {
        this.runs = runs;
        this.nodeVersion = nodeVersion;
        this.started = started;
        this.loadBefore = loadBefore;
    }

    static Report begin(int runs, String nodeVersion) {
        return new Report(runs, nodeVersion, Instant.now(), loadAverage());
    }

    void finish(Map<String, List<Sample>> samples, List<String> notes, List<ColdStartCase> cases) {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpu", firstLine("/proc/cpuinfo", "model name"));
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memory", firstLine("/proc/meminfo", "MemTotal"));
        machine.put("loadAverageBefore", loadBefore);
        machine.put("loadAverageAfter", loadAverage());
        machine.put("started", started.truncatedTo(ChronoUnit.SECONDS).toString());
        machine.put("finished", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        String functionJava = System.getProperty("lambda.tier.java", "");
        machine.put("functionJvm", functionJava.isBlank()
                ? System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                : functionJava);
        machine.put("node", nodeVersion);
        machine.put("osArch", System.getProperty("os.arch"));

        Map<String, Object> zips = new TreeMap<>();
        for (String module : List.of("authorizer", "revoke-fn", "ttl-cleanup-fn")) {
            zips.put(module, size(ProjectLayout.root().resolve(module).resolve("target").resolve(module + ".zip")));
        }
        cases.forEach(c -> c.zip().ifPresent(z -> zips.put("authorizer [" + z.label() + "] " + z.path(),
                size(z.path()))));

        StringBuilder table = new StringBuilder();
        table.append("Lambda tier cold starts, ").append(runs).append(" runs per case (median [min–max] ms); ")
                .append(machine).append('\n').append("zip bytes: ").append(zips).append("\n\n")
                .append("| case | crypto provider | init | restore | first request | second request "
                        + "| cold request (init or restore + first) | DynamoDB requests in the first |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---|\n");
        Map<String, Object> figures = new LinkedHashMap<>();
        samples.forEach((label, list) -> {
            boolean snapStart = list.stream().anyMatch(s -> s.restoreMs() > 0);
            Map<String, Summary> summary = new LinkedHashMap<>();
            summary.put("initMs", summary(list, Sample::initMs));
            if (snapStart) {
                summary.put("restoreMs", summary(list, Sample::restoreMs));
            }
            summary.put("firstMs", summary(list, Sample::firstMs));
            summary.put("secondMs", summary(list, Sample::secondMs));
            summary.put("coldRequestMs", summary(list, s -> (snapStart ? s.restoreMs() : s.initMs()) + s.firstMs()));
            figures.put(label, Map.of("summary", summary, "samples", list));
            String providers = String.join(", ", list.stream().map(Sample::cryptoProvider).distinct().toList());
            table.append("| ").append(label).append(" | ").append(providers).append(" | ")
                    .append(summary.get("initMs").text()).append(" | ")
                    .append(snapStart ? summary.get("restoreMs").text() : "—").append(" | ")
                    .append(summary.get("firstMs").text()).append(" | ")
                    .append(summary.get("secondMs").text()).append(" | ")
                    .append(summary.get("coldRequestMs").text()).append(" | ")
                    .append(calls(list)).append(" |\n");
        });
        notes.forEach(note -> table.append("\nnote: ").append(note));

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("machine", machine);
        document.put("runsPerCase", runs);
        document.put("zipBytes", zips);
        document.put("notes", notes);
        document.put("cases", figures);
        String label = System.getProperty("coldstart.label", "");
        Path out = ProjectLayout.root().resolve("bench").resolve("target");
        String name = "coldstart-lambda-tier" + (label.isBlank() ? "" : "-" + label);
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve(name + ".json"), JSON.writeValueAsString(document), StandardCharsets.UTF_8);
            Files.writeString(out.resolve(name + ".md"), table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(table);
        System.out.println("written to " + out.resolve(name + ".json") + " and .md");
    }

    /** "1" when every first request made one DynamoDB request, else how often each count came, e.g. "1 ×8, 2 ×1". */
    private static String calls(List<Sample> samples) {
        Map<Integer, Long> counts = new TreeMap<>(samples.stream()
                .collect(Collectors.groupingBy(Sample::firstCalls, Collectors.counting())));
        if (counts.size() == 1) {
            return counts.keySet().iterator().next().toString();
        }
        return counts.entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static Summary summary(List<Sample> samples, ToDoubleFunction<Sample> measure) {
        return Summary.of(samples.stream().map(measure::applyAsDouble).toList());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The 1-, 5- and 15-minute load averages, as uptime prints them. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String firstLine(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}

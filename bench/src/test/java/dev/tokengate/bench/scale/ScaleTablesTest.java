package dev.tokengate.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokengate.testkit.template.ProjectLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/SCALE.md's tables are the simulator's output, number for number. */
class ScaleTablesTest {
    private static final Pattern TABLE = Pattern.compile("<!-- simulated:(\\w+) -->\\n(.*?)<!-- /simulated -->",
            Pattern.DOTALL);

    @Test
    void everyTableInScaleMdIsWhatTheSimulatorComputes() throws IOException {
        Path doc = ProjectLayout.root().resolve("docs/SCALE.md");
        String text = Files.readString(doc);
        Map<String, String> computed = ScaleTables.render();
        Path fresh = ProjectLayout.root().resolve("bench/target/SCALE-tables.md");
        Files.createDirectories(fresh.getParent());
        StringBuilder all = new StringBuilder();
        computed.forEach((name, table) -> all.append("<!-- simulated:").append(name).append(" -->\n").append(table)
                .append("<!-- /simulated -->\n\n"));
        Files.writeString(fresh, all);

        Matcher matcher = TABLE.matcher(text);
        int found = 0;
        while (matcher.find()) {
            found++;
            String name = matcher.group(1);
            assertThat(computed).as("SCALE.md's table %s is one the simulator makes", name).containsKey(name);
            assertThat(matcher.group(2)).as("SCALE.md's table %s (the simulator's output is in %s)", name, fresh)
                    .isEqualTo(computed.get(name));
        }
        assertThat(found).as("SCALE.md shows every simulated table").isEqualTo(computed.size());
    }

    @Test
    void theShieldCurveIsTheShieldsOwnBehaviour() {
        ShieldCurve curve = new ShieldCurve(5);
        assertThat(curve.readsPerSecond(0.3)).isEqualTo(0.3); // below the exact cut-off: one read per decision
        assertThat(curve.readsPerSecond(1)).isBetween(0.99, 1.0); // one per second: a read on (almost) every one
        // 3 per second on average still bunches into more than 5 within a second now and then (Poisson)
        assertThat(curve.readsPerSecond(3)).isBetween(2.0, 3.0);
        assertThat(curve.readsPerSecond(100)).isBetween(0.9, 1.1); // hot: about one read per second
        assertThat(new ShieldCurve(0).readsPerSecond(100)).isEqualTo(100);
    }

    @Test
    void theCutOffBelowWhichTheShieldIsIgnoredCostsNothingVisible() {
        // Just above the cut-off the simulated shield saves less than 0.1 % of the reads.
        ShieldCurve curve = new ShieldCurve(5);
        assertThat(curve.readsPerSecond(ShieldCurve.EXACT_BELOW + 0.01))
                .isGreaterThan((ShieldCurve.EXACT_BELOW + 0.01) * 0.999);
    }
}

package dev.tokengate.lambdatier.coldstart;

import java.util.List;
import java.util.Locale;

/** Median, minimum and maximum of one measure over the runs of one case. */
record Summary(double median, double min, double max) {
    static Summary of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Summary(median, sorted.get(0), sorted.get(n - 1));
    }

    /** "754 [660–795]", as docs/PERFORMANCE.md writes its figures (one decimal below 100 ms). */
    String text() {
        return number(median) + " [" + number(min) + "–" + number(max) + "]";
    }

    static String number(double ms) {
        return ms < 100 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%,.0f", ms);
    }
}

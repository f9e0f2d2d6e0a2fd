package io.infergate.perf;

import io.infergate.perf.load.LevelResult;
import io.infergate.perf.report.ConsoleReport;
import io.infergate.perf.report.CsvReport;
import io.infergate.perf.report.LatencyChart;
import io.infergate.perf.report.Series;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows measured so far, per target (the server first, then baselines), and what is made of
 * them at the end of the run, or at Ctrl-C from whatever was measured by then.
 */
final class Sweep {
    private final PerfOptions options;
    private final ConsoleReport console;
    private final String title;
    private final Map<String, List<LevelResult>> rows = new LinkedHashMap<>();
    private boolean reported;

    Sweep(PerfOptions options, ConsoleReport console, String server, String title) {
        this.options = options;
        this.console = console;
        this.title = title;
        rows.put(server, new ArrayList<>());
    }

    synchronized void add(String target, LevelResult row) {
        rows.computeIfAbsent(target, t -> new ArrayList<>()).add(row);
        console.level(target, row);
    }

    /** Writes the CSV files and the chart and prints the summary, once. */
    synchronized void report() {
        if (reported) {
            return;
        }
        reported = true;
        Map<String, List<LevelResult>> baselines = new LinkedHashMap<>(rows);
        String server = baselines.keySet().iterator().next();
        List<LevelResult> measured = baselines.remove(server);
        console.summary(server, measured, baselines);
        if (options.csv() != null) {
            CsvReport.write(options.csv(), options.mode(), measured);
            baselines.forEach((name, list) -> CsvReport.write(sibling(options.csv(), name), options.mode(), list));
        }
        if (options.chart() != null) {
            List<Series> series = new ArrayList<>();
            rows.forEach((name, list) -> series.add(Series.of(name, list, options.percentile())));
            series.addAll(compared(options));
            LatencyChart.write(options.chart(), title, latencyLabel(options), series);
        }
    }

    static List<Series> compared(PerfOptions options) {
        return options.compare().stream().map(file -> CsvReport.read(file, options.percentile())).toList();
    }

    static String latencyLabel(PerfOptions options) {
        return options.percentile() > 0 ? "p" + options.percentile() : "average";
    }

    /** results.csv gives results.echo.csv for the echo baseline's rows. */
    static Path sibling(Path csv, String target) {
        String name = csv.getFileName().toString();
        String stem = name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return csv.resolveSibling(stem + "." + target + ".csv");
    }
}

package io.infergate.perf.report;

import io.infergate.perf.PerfException;
import io.infergate.perf.PerfOptions.LoadMode;
import io.infergate.perf.load.LevelResult;
import io.infergate.perf.load.Levels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * perf_analyzer's CSV: its column names, one row per load level, times in microseconds, so the
 * spreadsheets and scripts that read its files read ours.
 */
public final class CsvReport {
    /** Columns after the load column, in perf_analyzer's order. */
    public static final List<String> COLUMNS = List.of("Inferences/Second", "Client Send",
            "Network+Server Send/Recv", "Server Queue", "Server Compute Input", "Server Compute Infer",
            "Server Compute Output", "Client Recv", "p50 latency", "p90 latency", "p95 latency", "p99 latency",
            "Avg latency");

    private static final List<ToDoubleFunction<LevelResult>> VALUES = List.of(LevelResult::inferPerSecond,
            LevelResult::clientSend, LevelResult::networkServer, LevelResult::serverQueue,
            LevelResult::computeInput, LevelResult::computeInfer, LevelResult::computeOutput, LevelResult::clientRecv,
            LevelResult::p50, LevelResult::p90, LevelResult::p95, LevelResult::p99, LevelResult::avg);

    private CsvReport() {
    }

    public static String render(LoadMode mode, List<LevelResult> rows) {
        StringBuilder csv = new StringBuilder(mode.column()).append(',').append(String.join(",", COLUMNS))
                .append('\n');
        for (LevelResult row : rows) {
            csv.append(Levels.format(row.level()));
            csv.append(',').append(String.format(Locale.ROOT, "%.2f", row.inferPerSecond()));
            for (ToDoubleFunction<LevelResult> value : VALUES.subList(1, VALUES.size())) {
                csv.append(',').append(Math.round(value.applyAsDouble(row)));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    public static void write(Path file, LoadMode mode, List<LevelResult> rows) {
        try {
            Files.writeString(file, render(mode, rows));
        } catch (IOException e) {
            throw new PerfException("cannot write " + file + ": " + e.getMessage());
        }
    }

    /**
     * A CSV file of ours or perf_analyzer's as a chart series: throughput and the latency column
     * (the given percentile, or the average when it is 0).
     */
    public static Series read(Path file, int percentile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new PerfException("cannot read " + file + ": " + e.getMessage());
        }
        if (lines.isEmpty()) {
            throw new PerfException(file + " is empty");
        }
        List<String> header = List.of(lines.getFirst().split(","));
        int throughput = column(file, header, "Inferences/Second");
        int latency = column(file, header, percentile > 0 ? "p" + percentile + " latency" : "Avg latency");
        List<Series.Point> points = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            try {
                points.add(new Series.Point(Double.parseDouble(cells[throughput]), Double.parseDouble(cells[latency])));
            } catch (RuntimeException e) {
                throw new PerfException(file + ": bad row '" + line + "'");
            }
        }
        String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
        return new Series(name, points);
    }

    private static int column(Path file, List<String> header, String name) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new PerfException(file + " has no column '" + name + "'");
        }
        return index;
    }
}

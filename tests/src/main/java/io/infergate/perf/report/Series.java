package io.infergate.perf.report;

import io.infergate.perf.load.LevelResult;
import java.util.List;

/** One line on the chart: a run's latency (microseconds) against its throughput, level by level. */
public record Series(String name, List<Point> points) {
    public record Point(double inferPerSecond, double latencyMicros) {
    }

    public Series {
        points = List.copyOf(points);
    }

    public static Series of(String name, List<LevelResult> rows, int percentile) {
        return new Series(name, rows.stream().map(r -> new Point(r.inferPerSecond(), r.latency(percentile))).toList());
    }
}

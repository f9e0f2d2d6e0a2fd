package io.infergate.perf.report;

import io.infergate.perf.PerfException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

/** Latency against throughput, several runs on one chart (XChart), written as PNG or SVG. */
public final class LatencyChart {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 480;
    private static final double LOG_SCALE_RATIO = 20;

    private LatencyChart() {
    }

    public static void write(Path file, String title, String latencyLabel, List<Series> series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("inferences / second").yAxisTitle(latencyLabel + " latency (ms)").build();
        chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setDecimalPattern("#,##0.##");
        // Baselines can be orders of magnitude apart from the server; a log axis keeps all readable.
        chart.getStyler().setXAxisLogarithmic(spansDecades(series, Series.Point::inferPerSecond));
        chart.getStyler().setYAxisLogarithmic(spansDecades(series, Series.Point::latencyMicros));
        for (Series s : series) {
            if (s.points().isEmpty()) {
                continue;
            }
            double[] x = s.points().stream().mapToDouble(Series.Point::inferPerSecond).toArray();
            double[] y = s.points().stream().mapToDouble(p -> p.latencyMicros() / 1000).toArray();
            chart.addSeries(s.name(), x, y);
        }
        write(chart, file);
    }

    private static boolean spansDecades(List<Series> series, ToDoubleFunction<Series.Point> value) {
        double[] values = series.stream().flatMap(s -> s.points().stream()).mapToDouble(value).filter(v -> v > 0)
                .toArray();
        return values.length > 0 && Arrays.stream(values).max().orElseThrow()
                > LOG_SCALE_RATIO * Arrays.stream(values).min().orElseThrow();
    }

    private static void write(XYChart chart, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean svg = name.endsWith(".svg");
        if (!svg && !name.endsWith(".png")) {
            throw new PerfException("--chart wants a .png or .svg file, got " + file);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            if (svg) {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            } else {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
        } catch (IOException e) {
            throw new PerfException("cannot write " + file + ": " + e.getMessage());
        }
    }
}

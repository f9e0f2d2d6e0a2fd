package io.infergate.perf.report;

import io.infergate.perf.PerfException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

/** Latency against throughput, several runs on one chart (XChart), written as PNG or SVG. */
public final class LatencyChart {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 480;

    private LatencyChart() {
    }

    public static void write(Path file, String title, String latencyLabel, List<Series> series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("inferences / second").yAxisTitle(latencyLabel + " latency (ms)").build();
        chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setDecimalPattern("#,##0.##");
        for (Series s : series) {
            if (s.points().isEmpty()) {
                continue;
            }
            double[] x = s.points().stream().mapToDouble(Series.Point::inferPerSecond).toArray();
            double[] y = s.points().stream().mapToDouble(p -> p.latencyMicros() / 1000).toArray();
            chart.addSeries(s.name(), x, y);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try (OutputStream out = Files.newOutputStream(file)) {
            if (name.endsWith(".svg")) {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            } else if (name.endsWith(".png")) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            } else {
                throw new PerfException("--chart wants a .png or .svg file, got " + file);
            }
        } catch (IOException e) {
            throw new PerfException("cannot write " + file + ": " + e.getMessage());
        }
    }
}

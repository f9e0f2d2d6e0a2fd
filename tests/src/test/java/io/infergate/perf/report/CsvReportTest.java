package io.infergate.perf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.perf.PerfException;
import io.infergate.perf.PerfOptions.LoadMode;
import io.infergate.perf.load.LevelResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReportTest {
    private static final LevelResult ROW = new LevelResult(4, 1, 1234.567, 10.4, 20.6, 30, 40, 50, 60, 70, 100, 190,
            195, 299.5, 150, 5, true);

    @Test
    void headerHasPerfAnalyzersColumnsInItsOrder() {
        String csv = CsvReport.render(LoadMode.CONCURRENCY, List.of(ROW));
        assertEquals("Concurrency,Inferences/Second,Client Send,Network+Server Send/Recv,Server Queue,"
                + "Server Compute Input,Server Compute Infer,Server Compute Output,Client Recv,p50 latency,"
                + "p90 latency,p95 latency,p99 latency,Avg latency\n"
                + "4,1234.57,10,21,30,40,50,60,70,100,190,195,300,150\n", csv);
        assertTrue(CsvReport.render(LoadMode.REQUEST_RATE, List.of()).startsWith("Request Rate,Inferences/Second,"));
    }

    @Test
    void readsBackThroughputAndTheChosenLatency(@TempDir Path dir) {
        Path file = dir.resolve("run-a.csv");
        CsvReport.write(file, LoadMode.CONCURRENCY, List.of(ROW, ROW));
        Series avg = CsvReport.read(file, 0);
        assertEquals("run-a", avg.name());
        assertEquals(List.of(new Series.Point(1234.57, 150), new Series.Point(1234.57, 150)), avg.points());
        assertEquals(190, CsvReport.read(file, 90).points().getFirst().latencyMicros());
    }

    @Test
    void aFileWithoutTheColumnsIsOneLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x.csv"), "a,b\n1,2\n");
        PerfException e = assertThrows(PerfException.class, () -> CsvReport.read(file, 0));
        assertEquals(file + " has no column 'Inferences/Second'", e.getMessage());
    }

    @Test
    void chartsArePngOrSvg(@TempDir Path dir) throws Exception {
        Series series = new Series("a", List.of(new Series.Point(100, 900), new Series.Point(200, 1500)));
        Path png = dir.resolve("c.png");
        LatencyChart.write(png, "t", "average", List.of(series));
        byte[] bytes = Files.readAllBytes(png);
        assertEquals('P', bytes[1]);
        Path svg = dir.resolve("c.svg");
        LatencyChart.write(svg, "t", "p99", List.of(series));
        assertTrue(Files.readString(svg).contains("<svg"));
        assertThrows(PerfException.class, () -> LatencyChart.write(dir.resolve("c.gif"), "t", "avg",
                List.of(series)));
    }
}

package io.infergate.perf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.perf.PerfOptions.Baseline;
import io.infergate.perf.PerfOptions.InputData;
import io.infergate.perf.PerfOptions.LoadMode;
import io.infergate.perf.PerfOptions.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerfFlagsTest {

    @Test
    void defaultsFollowPerfAnalyzer() {
        PerfOptions o = PerfFlags.parse("-m", "simple");
        assertEquals("simple", o.model());
        assertEquals("", o.version());
        assertEquals("localhost", o.host());
        assertEquals(8000, o.port());
        assertEquals(Protocol.HTTP, o.protocol());
        assertEquals(LoadMode.CONCURRENCY, o.mode());
        assertEquals(List.of(1.0), o.range().levels());
        assertEquals(1, o.batchSize());
        assertEquals(InputData.Kind.RANDOM, o.inputData().kind());
        assertEquals(5000, o.measurementMillis());
        assertEquals(10, o.stabilityPercent());
        assertEquals(10, o.maxTrials());
        assertEquals(0, o.percentile());
        assertTrue(o.binaryData());
        assertNull(o.csv());
        assertTrue(o.baselines().isEmpty());
        assertEquals(8001, PerfFlags.parse("-m", "simple", "-i", "grpc").port());
    }

    @Test
    void everyFlagIsRead(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("in.json"), "{\"data\":[{}]}");
        PerfOptions o = PerfFlags.parse("-m", "ppocr_rec", "-x", "2", "-u", "127.0.0.1:9000", "-i", "grpc",
                "--streaming", "--concurrency-range", "1:8:x2", "-b", "4", "--shape", "x:3,48,320",
                "--input-data", data.toString(), "--sequence-length", "5", "-p", "200", "-s", "5", "-r", "6",
                "--percentile=95", "--binary-data", "off", "-f", "out.csv", "--chart", "out.png", "--compare",
                "a.csv", "b.csv", "--baseline", "echo", "--baseline=ort", "--model-repository", "repo");
        assertEquals("2", o.version());
        assertEquals("127.0.0.1", o.host());
        assertEquals(9000, o.port());
        assertEquals(Protocol.GRPC, o.protocol());
        assertTrue(o.streaming());
        assertEquals(List.of(1.0, 2.0, 4.0, 8.0), o.range().levels());
        assertEquals(4, o.batchSize());
        assertArrayEquals(new long[] {3, 48, 320}, o.shapes().get("x"));
        assertEquals(new InputData(InputData.Kind.FILE, data), o.inputData());
        assertEquals(5, o.sequenceLength());
        assertEquals(200, o.measurementMillis());
        assertEquals(5, o.stabilityPercent());
        assertEquals(6, o.maxTrials());
        assertEquals(95, o.percentile());
        assertFalse(o.binaryData());
        assertEquals(Path.of("out.csv"), o.csv());
        assertEquals(Path.of("out.png"), o.chart());
        assertEquals(List.of(Path.of("a.csv"), Path.of("b.csv")), o.compare());
        assertEquals(Set.of(Baseline.ECHO, Baseline.ORT), o.baselines());
        assertEquals(Path.of("repo"), o.modelRepository());
        assertEquals(InputData.Kind.ZERO, PerfFlags.parse("-m", "s", "--input-data", "zero").inputData().kind());
    }

    @Test
    void requestRateRangesTakeFractions() {
        PerfOptions o = PerfFlags.parse("-m", "simple", "--request-rate-range", "50:100:25");
        assertEquals(LoadMode.REQUEST_RATE, o.mode());
        assertEquals(List.of(50.0, 75.0, 100.0), o.range().levels());
        assertEquals(List.of(0.5, 1.0), LoadRange.parse("r", "0.5:1:0.5").levels());
    }

    @Test
    void chartOnlyRunsNeedNoModel() {
        PerfOptions o = PerfFlags.parse("--compare", "a.csv", "--chart", "c.svg");
        assertTrue(o.chartOnly());
    }

    @Test
    void helpIsNull() {
        assertNull(PerfFlags.parse("--help"));
    }

    @Test
    void mistakesAreOneLineEach() {
        assertMistake("unknown flag --bogus (see --help)", "-m", "s", "--bogus", "1");
        assertMistake("-b needs a value", "-m", "s", "-b");
        assertMistake("-b wants a positive whole number, got 'x'", "-m", "s", "-b", "x");
        assertMistake("-m MODEL is required (or --compare A.csv ... --chart OUT.png)");
        assertMistake("--streaming needs -i grpc", "-m", "s", "--streaming");
        assertMistake("give --concurrency-range or --request-rate-range, not both", "-m", "s",
                "--concurrency-range", "1", "--request-rate-range", "10");
        assertMistake("--concurrency-range '4:2' is not an increasing range of positive values", "-m", "s",
                "--concurrency-range", "4:2");
        assertMistake("--concurrency-range: 'a' is not a number", "-m", "s", "--concurrency-range", "a");
        assertMistake("-u 8.8.8.8 is not a loopback address; perf only loads this machine", "-m", "s", "-u",
                "8.8.8.8:8000");
        assertMistake("-u wants HOST:PORT, got 'localhost'", "-m", "s", "-u", "localhost");
        assertMistake("--shape wants NAME:D1,D2,..., got 'x'", "-m", "s", "--shape", "x");
        assertMistake("--binary-data wants on or off, got 'maybe'", "-m", "s", "--binary-data", "maybe");
        assertMistake("--percentile wants 1..99, got 100", "-m", "s", "--percentile", "100");
        assertMistake("-i: unknown value 'udp'", "-m", "s", "-i", "udp");
        assertMistake("--baseline ort needs --concurrency-range (its threads are the concurrency)", "-m", "s",
                "--request-rate-range", "10", "--baseline", "ort");
        assertMistake("--sequence-length needs --concurrency-range", "-m", "s", "--request-rate-range", "10",
                "--sequence-length", "4");
        assertMistake("--input-data: no-such.json is not random, zero or a readable file", "-m", "s",
                "--input-data", "no-such.json");
    }

    private static void assertMistake(String message, String... args) {
        assertEquals(message, assertThrows(PerfException.class, () -> PerfFlags.parse(args)).getMessage());
    }
}

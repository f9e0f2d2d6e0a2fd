package io.infergate.perf.load;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.perf.client.ServerStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class StabilityTest {
    private final Stability tenPercent = new Stability(10, 0);

    @Test
    void threeWindowsWithinTenPercentAreStable() {
        assertTrue(tenPercent.stable(List.of(window(1000, 500), window(1050, 520), window(1090, 540))));
    }

    @Test
    void fewerThanThreeWindowsAreNeverStable() {
        assertFalse(tenPercent.stable(List.of(window(1000, 500), window(1000, 500))));
    }

    @Test
    void throughputOrLatencyOutsideTheBandIsUnstable() {
        assertFalse(tenPercent.stable(List.of(window(1000, 500), window(1000, 500), window(1200, 500))));
        assertFalse(tenPercent.stable(List.of(window(1000, 500), window(1000, 600), window(1000, 500))));
    }

    @Test
    void onlyTheLastThreeWindowsCount() {
        assertTrue(tenPercent.stable(List.of(window(10, 50), window(1000, 500), window(1000, 500),
                window(1000, 500))));
    }

    @Test
    void percentileStabilityLooksAtThatPercentile() {
        Stability p99 = new Stability(10, 99);
        Window spiky = new Window(1_000_000_000L, 100, 0, 0, recorder(500, 5000), ServerStats.NONE);
        Window calm = new Window(1_000_000_000L, 100, 0, 0, recorder(500, 500), ServerStats.NONE);
        assertFalse(p99.stable(List.of(calm, calm, spiky)));
        assertTrue(p99.stable(List.of(calm, calm, calm)));
    }

    /** A one-second window with this many requests, each of this latency in microseconds. */
    static Window window(long requests, long latencyMicros) {
        return new Window(1_000_000_000L, requests, 0, 0, recorder(latencyMicros, latencyMicros), ServerStats.NONE);
    }

    private static LatencyRecorder recorder(long typicalMicros, long worstMicros) {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int i = 0; i < 98; i++) {
            recorder.record(typicalMicros * 1000);
        }
        recorder.record(worstMicros * 1000);
        recorder.record(worstMicros * 1000);
        return recorder;
    }
}

package io.infergate.perf.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void nearestRankPercentilesOfOneToAHundred() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int i = 100; i >= 1; i--) {
            recorder.record(i * 1000L);
        }
        assertEquals(50, recorder.percentileMicros(50));
        assertEquals(90, recorder.percentileMicros(90));
        assertEquals(95, recorder.percentileMicros(95));
        assertEquals(99, recorder.percentileMicros(99));
        assertEquals(100, recorder.percentileMicros(100));
        assertEquals(50.5, recorder.meanMicros(), 1e-9);
    }

    @Test
    void smallSeriesRoundUpToTheNextSample() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.record(3000);
        recorder.record(1000);
        recorder.record(2000);
        assertEquals(2, recorder.percentileMicros(50));
        assertEquals(3, recorder.percentileMicros(90));
        assertEquals(1, recorder.percentileMicros(1));
    }

    @Test
    void emptyAndMergedSeries() {
        LatencyRecorder empty = new LatencyRecorder();
        assertEquals(0, empty.percentileMicros(99));
        assertEquals(0, empty.meanMicros());
        LatencyRecorder a = new LatencyRecorder();
        LatencyRecorder b = new LatencyRecorder();
        for (int i = 0; i < 3000; i++) {
            a.record(1000);
            b.record(5000);
        }
        a.addAll(b);
        assertEquals(6000, a.count());
        assertEquals(1, a.percentileMicros(50));
        assertEquals(5, a.percentileMicros(51));
        assertEquals(3, a.meanMicros(), 1e-9);
    }
}

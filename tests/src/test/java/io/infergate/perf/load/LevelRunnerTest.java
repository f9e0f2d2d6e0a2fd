package io.infergate.perf.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.perf.PerfException;
import io.infergate.perf.client.RequestTiming;
import io.infergate.perf.client.ServerStats;
import io.infergate.perf.client.ServerStatsSource;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LevelRunnerTest {
    /** Long enough that a busy CI machine still schedules the synthetic load in every window. */
    private static final long INTERVAL = 250;
    private final Progress quiet = new Progress(new PrintStream(OutputStream.nullOutputStream()), false);

    @Test
    void steadyLoadStopsAfterThreeWindows() {
        SyntheticLoad load = new SyntheticLoad(2, false);
        LevelResult result = measureTakingWindows(3, new LevelRunner(INTERVAL, 10, new Stability(50, 0), quiet),
                4, load);

        assertTrue(result.stable());
        assertTrue(load.stopped);
        assertEquals(4, result.level());
        assertEquals(2, result.batchSize());
        assertEquals(500, result.avg(), 1e-9);
        assertEquals(100, result.clientSend(), 1e-9);
        assertEquals(50, result.clientRecv(), 1e-9);
        assertEquals(350, result.networkServer(), 1e-9);
    }

    @Test
    void unsettledLoadStopsAtMaxTrials() {
        LevelResult result = measureTakingWindows(4, new LevelRunner(INTERVAL, 4, new Stability(1, 0), quiet), 1,
                new SyntheticLoad(1, true));

        assertFalse(result.stable());
    }

    /** Measures one level and checks it took this many measurement intervals (plus slack for the machine). */
    private static LevelResult measureTakingWindows(int windows, LevelRunner runner, double level,
            LoadGenerator load) {
        long start = System.nanoTime();
        LevelResult result = runner.measure("test", level, load, ServerStatsSource.NONE);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis >= windows * INTERVAL && elapsedMillis < windows * INTERVAL + 2000,
                elapsedMillis + " ms");
        return result;
    }

    @Test
    void serverStatisticsAreTakenOverTheSameWindows() {
        AtomicLong calls = new AtomicLong();
        ServerStatsSource server = () -> {
            long n = calls.incrementAndGet() * 100;
            ServerStats.Duration d = new ServerStats.Duration(n, n * 100_000);
            return new ServerStats(new ServerStats.Duration(n, n * 300_000), d, d, d, ServerStats.Duration.ZERO);
        };
        LevelRunner runner = new LevelRunner(INTERVAL, 3, new Stability(50, 0), quiet);
        LevelResult result = runner.measure("test", 1, new SyntheticLoad(1, false), server);
        assertEquals(100, result.serverQueue(), 1e-9);
        assertEquals(100, result.computeInput(), 1e-9);
        assertEquals(100, result.computeInfer(), 1e-9);
        assertEquals(0, result.computeOutput(), 1e-9);
        assertEquals(0, result.serverOverhead(), 1e-9);
        assertEquals(50, result.networkServer(), 1e-9);
    }

    @Test
    void aFailedRequestEndsTheLevelWithItsMessage() {
        LoadGenerator failing = onStart(
                collector -> collector.failure(new IllegalStateException("HTTP 400: bad shape")));
        LevelRunner runner = new LevelRunner(INTERVAL, 3, new Stability(10, 0), quiet);
        PerfException e = assertThrows(PerfException.class,
                () -> runner.measure("simple", 1, failing, ServerStatsSource.NONE));
        assertEquals("simple: HTTP 400: bad shape", e.getMessage());
    }

    @Test
    void aTargetThatNeverAnswersEndsTheLevelAfterThreeEmptyWindows() {
        LoadGenerator silent = onStart(collector -> { });
        LevelRunner runner = new LevelRunner(INTERVAL, 10, new Stability(10, 0), quiet);
        PerfException e = assertThrows(PerfException.class,
                () -> runner.measure("echo", 1, silent, ServerStatsSource.NONE));
        assertEquals("echo: no request completed in 3 windows of 250 ms; raise --measurement-interval",
                e.getMessage());
    }

    /** A generator that does only this when started (batch 1). */
    private static LoadGenerator onStart(Consumer<WindowCollector> start) {
        return new LoadGenerator() {
            @Override
            public void start(WindowCollector collector) {
                start.accept(collector);
            }

            @Override
            public void stop() {
            }

            @Override
            public int batchSize() {
                return 1;
            }
        };
    }

    /** Completes requests of 500 us (send 100, receive 50) on a thread; drifting doubles each window's rate. */
    private static final class SyntheticLoad implements LoadGenerator {
        private final int batch;
        private final boolean drifting;
        private volatile boolean running;
        private volatile boolean stopped;
        private Thread thread;

        SyntheticLoad(int batch, boolean drifting) {
            this.batch = batch;
            this.drifting = drifting;
        }

        @Override
        public void start(WindowCollector collector) {
            running = true;
            CountDownLatch started = new CountDownLatch(1);
            thread = Thread.ofPlatform().daemon().start(() -> {
                started.countDown();
                long perMilli = 1;
                long windowStart = System.nanoTime();
                while (running) {
                    for (long i = 0; i < perMilli; i++) {
                        collector.success(new RequestTiming(100_000, 50_000, 500_000));
                    }
                    if (drifting && System.nanoTime() - windowStart > INTERVAL * 1_000_000) {
                        perMilli *= 2;
                        windowStart = System.nanoTime();
                    }
                    sleep();
                }
            });
            // As a real generator, it is sending when start returns.
            try {
                started.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void sleep() {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void stop() {
            running = false;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped = true;
        }

        @Override
        public int batchSize() {
            return batch;
        }
    }
}

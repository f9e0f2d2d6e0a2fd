package io.infergate.perf.load;

import io.infergate.perf.PerfException;
import io.infergate.perf.client.ServerStats;
import io.infergate.perf.client.ServerStatsSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures one load level: windows of the measurement interval until three are stable or the
 * trials run out, then the last three merged into one row. Time is bounded by
 * {@code maxTrials * intervalMillis} plus draining requests in flight.
 */
public final class LevelRunner {
    private final long intervalMillis;
    private final int maxTrials;
    private final Stability stability;
    private final Progress progress;

    public LevelRunner(long intervalMillis, int maxTrials, Stability stability, Progress progress) {
        this.intervalMillis = intervalMillis;
        this.maxTrials = Math.max(Stability.WINDOWS, maxTrials);
        this.stability = stability;
        this.progress = progress;
    }

    public LevelResult measure(String target, double level, LoadGenerator load, ServerStatsSource server) {
        List<Window> windows = measureWindows(target, level, load, server, maxTrials);
        boolean stable = stability.stable(windows);
        Window merged = windows.get(windows.size() - Stability.WINDOWS);
        for (Window w : windows.subList(windows.size() - Stability.WINDOWS + 1, windows.size())) {
            merged = merged.plus(w);
        }
        return LevelResult.of(level, load.batchSize(), merged, stable);
    }

    /**
     * A single window, for quick comparisons such as choosing a batch size; it may hold no
     * request when one takes longer than the window.
     */
    public Window measureOnce(String target, double level, LoadGenerator load) {
        return measureWindows(target, level, load, ServerStatsSource.NONE, 1).getFirst();
    }

    private List<Window> measureWindows(String target, double level, LoadGenerator load, ServerStatsSource server,
            int trials) {
        WindowCollector collector = new WindowCollector();
        List<Window> windows = new ArrayList<>();
        load.start(collector);
        try {
            ServerStats before = server.snapshot();
            collector.take();
            int idle = 0;
            for (int trial = 1; trial <= trials; trial++) {
                Thread.sleep(intervalMillis);
                Window window = collector.take();
                ServerStats after = server.snapshot();
                if (collector.firstError() != null) {
                    throw new PerfException(target + ": " + collector.firstError());
                }
                // One empty window can be a stall of a busy machine; several in a row are a hung target.
                idle = window.requests() == 0 ? idle + 1 : 0;
                if (idle == Stability.WINDOWS && trials > 1) {
                    throw new PerfException(target + ": no request completed in " + idle + " windows of "
                            + intervalMillis + " ms; raise --measurement-interval");
                }
                windows.add(window.withServer(after.minus(before)));
                before = after;
                progress.window(target, level, trial, trials, window, load.batchSize(), stability.percentile());
                if (trials > 1 && stability.stable(windows)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PerfException("interrupted");
        } finally {
            load.stop();
            progress.done();
        }
        return windows;
    }
}

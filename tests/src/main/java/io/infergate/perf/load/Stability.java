package io.infergate.perf.load;

import java.util.List;

/**
 * perf_analyzer's stability rule: the last three windows' throughput and latency each lie within
 * the stability percentage of each other (largest at most that much above the smallest).
 */
public record Stability(double percent, int percentile) {
    public static final int WINDOWS = 3;

    public boolean stable(List<Window> windows) {
        if (windows.size() < WINDOWS) {
            return false;
        }
        List<Window> last = windows.subList(windows.size() - WINDOWS, windows.size());
        return agree(last.stream().mapToDouble(Window::requestsPerSecond).toArray())
                && agree(last.stream().mapToDouble(w -> w.latencyMicros(percentile)).toArray());
    }

    private boolean agree(double[] values) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return min > 0 && max <= min * (1 + percent / 100);
    }
}

package io.infergate.perf;

import java.util.ArrayList;
import java.util.List;

/**
 * A sweep of load levels, perf_analyzer's {@code start:end:step} (end defaults to start, step to
 * 1). A step written {@code xN} multiplies instead of adds, so 1..64 takes 7 levels, not 64.
 */
public record LoadRange(double start, double end, double step, boolean geometric) {

    public static LoadRange parse(String flag, String text) {
        String[] parts = text.split(":", -1);
        if (parts.length > 3) {
            throw new PerfException(flag + " wants start[:end[:step]], got '" + text + "'");
        }
        double start = number(flag, parts[0]);
        double end = parts.length > 1 && !parts[1].isEmpty() ? number(flag, parts[1]) : start;
        boolean geometric = parts.length > 2 && parts[2].startsWith("x");
        double step = parts.length > 2 ? number(flag, geometric ? parts[2].substring(1) : parts[2]) : 1;
        if (start <= 0 || end < start || step <= 0 || geometric && step <= 1) {
            throw new PerfException(flag + " '" + text + "' is not an increasing range of positive values");
        }
        return new LoadRange(start, end, step, geometric);
    }

    public List<Double> levels() {
        List<Double> levels = new ArrayList<>();
        for (double level = start; level <= end + 1e-9; level = geometric ? level * step : level + step) {
            levels.add(level);
        }
        return levels;
    }

    private static double number(String flag, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new PerfException(flag + ": '" + text + "' is not a number");
        }
    }
}

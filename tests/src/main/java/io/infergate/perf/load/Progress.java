package io.infergate.perf.load;

import java.io.PrintStream;
import java.util.Locale;

/** The progress line of a long run: one line rewritten per window on a terminal, a line each otherwise. */
public final class Progress {
    private final PrintStream out;
    private final boolean terminal;

    public Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void window(String target, double level, int trial, int maxTrials, Window w, int batchSize, int percentile) {
        String line = String.format(Locale.ROOT, "%s level %s: window %d/%d  %.1f infer/s  %s %.0f us", target,
                Levels.format(level), trial, maxTrials, w.requestsPerSecond() * batchSize,
                percentile > 0 ? "p" + percentile : "avg", w.latencyMicros(percentile));
        if (terminal) {
            out.print("\r\033[K" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    void done() {
        if (terminal) {
            out.print("\r\033[K");
            out.flush();
        }
    }
}

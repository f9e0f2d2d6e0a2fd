package io.infergate.perf.report;

import io.infergate.perf.PerfOptions.LoadMode;
import io.infergate.perf.load.LevelResult;
import io.infergate.perf.load.Levels;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run prints: perf_analyzer's per-level breakdown as each level finishes, then Markdown
 * tables of every target and of the server's figures as ratios to each baseline of the same run.
 */
public final class ConsoleReport {
    private final PrintStream out;
    private final LoadMode mode;

    public ConsoleReport(PrintStream out, LoadMode mode) {
        this.out = out;
        this.mode = mode;
    }

    public void level(String target, LevelResult r) {
        out.printf(Locale.ROOT, "%s  %s: %s, throughput: %.2f infer/sec, latency %.0f usec%s%n", target,
                mode.column(), Levels.format(r.level()), r.inferPerSecond(), r.avg(),
                r.stable() ? "" : "  (unstable: windows did not settle within the trials)");
        out.printf(Locale.ROOT, "    client: send %.0f usec, receive %.0f usec; p50 %.0f, p90 %.0f, p95 %.0f,"
                + " p99 %.0f usec; batch %d%n", r.clientSend(), r.clientRecv(), r.p50(), r.p90(), r.p95(), r.p99(),
                r.batchSize());
        if (r.computeInfer() > 0 || r.serverQueue() > 0) {
            out.printf(Locale.ROOT, "    server: overhead %.0f usec + queue %.0f usec + compute input %.0f usec"
                    + " + compute infer %.0f usec + compute output %.0f usec%n", r.serverOverhead(), r.serverQueue(),
                    r.computeInput(), r.computeInfer(), r.computeOutput());
        }
        out.flush();
    }

    /**
     * @param measured  the server's rows
     * @param baselines rows per baseline name, level by level with {@code measured}
     */
    public void summary(String target, List<LevelResult> measured, Map<String, List<LevelResult>> baselines) {
        out.println();
        out.println("| " + mode.column() + " | target | infer/s | p50 (us) | p99 (us) | avg (us) | batch |");
        out.println("|---|---|---|---|---|---|---|");
        rows(target, measured);
        baselines.forEach(this::rows);
        if (baselines.isEmpty()) {
            return;
        }
        out.println();
        StringBuilder header = new StringBuilder("| " + mode.column() + " |");
        StringBuilder rule = new StringBuilder("|---|");
        baselines.keySet().forEach(name -> {
            header.append(" infer/s vs ").append(name).append(" | p50 vs ").append(name).append(" |");
            rule.append("---|---|");
        });
        out.println(header);
        out.println(rule);
        for (int i = 0; i < measured.size(); i++) {
            LevelResult ours = measured.get(i);
            StringBuilder line = new StringBuilder("| " + Levels.format(ours.level()) + " |");
            for (List<LevelResult> rows : baselines.values()) {
                LevelResult base = i < rows.size() ? rows.get(i) : null;
                line.append(ratio(ours.inferPerSecond(), base == null ? 0 : base.inferPerSecond()))
                        .append(ratio(ours.p50(), base == null ? 0 : base.p50()));
            }
            out.println(line);
        }
        out.flush();
    }

    private void rows(String target, List<LevelResult> rows) {
        for (LevelResult r : rows) {
            out.printf(Locale.ROOT, "| %s | %s | %.1f | %.0f | %.0f | %.0f | %d |%n", Levels.format(r.level()), target,
                    r.inferPerSecond(), r.p50(), r.p99(), r.avg(), r.batchSize());
        }
    }

    private static String ratio(double ours, double base) {
        return base == 0 ? " - |" : String.format(Locale.ROOT, " %.2fx |", ours / base);
    }
}

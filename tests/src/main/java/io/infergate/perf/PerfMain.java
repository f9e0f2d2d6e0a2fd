package io.infergate.perf;

import io.infergate.perf.load.Progress;
import java.io.PrintStream;

/**
 * {@code scripts/perf}: parses the flags and runs. Every expected failure (bad flag, unknown
 * model, a shape that does not fit, an unreachable server) is one line and exit status 2.
 */
public final class PerfMain {
    private PerfMain() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        boolean terminal = System.console() != null && System.console().isTerminal();
        System.exit(run(args, System.out, System.err, terminal));
    }

    /** Runs the tool; the exit status: 0 done, 2 bad input or unusable server, 1 anything else. */
    static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
        try {
            PerfOptions options = PerfFlags.parse(args);
            if (options == null) {
                out.print(PerfFlags.USAGE);
                return 0;
            }
            new PerfRun(options, out, new Progress(err, terminal)).run();
            return 0;
        } catch (PerfException e) {
            err.println("perf: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("perf: unexpected failure: " + e);
            return 1;
        }
    }
}

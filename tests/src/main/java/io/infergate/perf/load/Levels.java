package io.infergate.perf.load;

import java.util.Locale;

/** Load levels as people write them: 4, not 4.0; 12.5 stays 12.5. */
public final class Levels {
    private Levels() {
    }

    public static String format(double level) {
        return level == Math.rint(level) ? Long.toString((long) level) : String.format(Locale.ROOT, "%.2f", level);
    }
}

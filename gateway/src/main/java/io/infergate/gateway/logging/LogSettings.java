package io.infergate.gateway.logging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * What the server logs and where, with Triton's names: each of info, warning and error on or off,
 * the verbose level (0 none; 1, 2, 3 let Java's CONFIG and FINE, FINER, FINEST through), the line
 * format, and the file ("" for the console, standard error).
 *
 * @param logFile      the file written to, "" for the console
 * @param info         log INFO records
 * @param warning      log WARNING records
 * @param error        log SEVERE records
 * @param verboseLevel how much debug detail, 0 for none
 * @param format       the line format
 */
public record LogSettings(String logFile, boolean info, boolean warning, boolean error, int verboseLevel,
        LogFormat format) {
    public static final String LOG_FILE = "log_file";
    public static final String LOG_INFO = "log_info";
    public static final String LOG_WARNING = "log_warning";
    public static final String LOG_ERROR = "log_error";
    public static final String LOG_VERBOSE_LEVEL = "log_verbose_level";
    public static final String LOG_FORMAT = "log_format";

    /** tritonserver's defaults. */
    public static final LogSettings DEFAULTS = new LogSettings("", true, true, true, 0, LogFormat.DEFAULT);

    public LogSettings {
        if (verboseLevel < 0) {
            throw new IllegalArgumentException("verbose level " + verboseLevel + " is negative");
        }
    }

    /** Whether a record of this level is written under these settings. */
    public boolean allows(LogRecord record) {
        int level = record.getLevel().intValue();
        if (level >= Level.SEVERE.intValue()) {
            return error;
        }
        if (level >= Level.WARNING.intValue()) {
            return warning;
        }
        if (level >= Level.INFO.intValue()) {
            return info;
        }
        return verboseLevel >= verboseLevelOf(record.getLevel());
    }

    /** The most detailed level a logger must let through for these settings. */
    Level threshold() {
        return switch (Math.min(verboseLevel, 3)) {
            case 0 -> Level.INFO;
            case 1 -> Level.FINE;
            case 2 -> Level.FINER;
            default -> Level.FINEST;
        };
    }

    /** CONFIG and FINE are level 1 (configuration detail is debugging), FINER 2, FINEST 3. */
    private static int verboseLevelOf(Level level) {
        if (level.intValue() >= Level.FINE.intValue()) {
            return 1;
        }
        return level.intValue() >= Level.FINER.intValue() ? 2 : 3;
    }

    /** The settings in Triton's order and names: what GET /v2/logging and LogSettings answer. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(LOG_FILE, logFile);
        map.put(LOG_INFO, info);
        map.put(LOG_WARNING, warning);
        map.put(LOG_ERROR, error);
        map.put(LOG_VERBOSE_LEVEL, verboseLevel);
        map.put(LOG_FORMAT, format.text());
        return map;
    }
}

package io.infergate.gateway.logging;

import static io.infergate.engine.api.InferenceException.invalid;

import java.util.Map;

/**
 * A client's change to the log settings, as a map of Triton's names to booleans, whole numbers and
 * text (from JSON or from gRPC's SettingValue), checked whole before any of it applies.
 */
final class LogSettingsChange {
    private LogSettingsChange() {
    }

    /** The settings after the change; INVALID_ARG naming the first bad setting. */
    static LogSettings apply(LogSettings current, Map<String, ?> changes) {
        String file = current.logFile();
        boolean info = current.info();
        boolean warning = current.warning();
        boolean error = current.error();
        int verbose = current.verboseLevel();
        LogFormat format = current.format();
        for (Map.Entry<String, ?> change : changes.entrySet()) {
            String name = change.getKey();
            Object value = change.getValue();
            switch (name) {
                case LogSettings.LOG_FILE -> file = text(name, value);
                case LogSettings.LOG_INFO -> info = bool(name, value);
                case LogSettings.LOG_WARNING -> warning = bool(name, value);
                case LogSettings.LOG_ERROR -> error = bool(name, value);
                case LogSettings.LOG_VERBOSE_LEVEL -> verbose = verboseLevel(value);
                case LogSettings.LOG_FORMAT -> format = LogFormat.parse(text(name, value)).orElseThrow(() -> invalid(
                        "log setting 'log_format' must be 'default' or 'ISO8601', not '" + value + "'"));
                default -> throw invalid("unknown log setting '" + name + "' (known: "
                        + String.join(", ", LogSettings.DEFAULTS.asMap().keySet()) + ")");
            }
        }
        return new LogSettings(file, info, warning, error, verbose, format);
    }

    private static boolean bool(String name, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw invalid("log setting '" + name + "' must be a boolean, not " + describe(value));
    }

    private static String text(String name, Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw invalid("log setting '" + name + "' must be a string, not " + describe(value));
    }

    private static int verboseLevel(Object value) {
        boolean whole = value instanceof Integer || value instanceof Long;
        long level = whole ? ((Number) value).longValue() : -1;
        if (!whole || level < 0 || level > Integer.MAX_VALUE) {
            throw invalid("log setting 'log_verbose_level' must be a whole number from 0 to " + Integer.MAX_VALUE
                    + ", not " + describe(value));
        }
        return (int) level;
    }

    private static String describe(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}

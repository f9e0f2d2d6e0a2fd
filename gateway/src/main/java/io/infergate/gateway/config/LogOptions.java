package io.infergate.gateway.config;

import io.infergate.gateway.logging.LogFormat;
import io.infergate.gateway.logging.LogSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The log settings at start-up and the folder clients may put a log file in.
 *
 * @param startup       tritonserver's --log-* flags
 * @param allowedFolder --log-dir, else the folder of --log-file, else empty: no client-chosen file
 */
public record LogOptions(LogSettings startup, Optional<Path> allowedFolder) {

    static LogOptions from(SettingValues values) {
        String formatText = values.text(Setting.LOG_FORMAT);
        LogFormat format = LogFormat.parse(formatText).orElseThrow(() -> new ConfigException(
                "invalid value '" + formatText + "' for " + Setting.LOG_FORMAT.flag() + ": expected default or ISO8601"));
        Optional<Path> file = values.optionalPath(Setting.LOG_FILE);
        LogSettings startup = new LogSettings(file.map(Path::toString).orElse(""), values.bool(Setting.LOG_INFO),
                values.bool(Setting.LOG_WARNING), values.bool(Setting.LOG_ERROR),
                values.nonNegativeInt(Setting.LOG_VERBOSE), format);
        Optional<Path> folder = values.optionalPath(Setting.LOG_DIR)
                .or(() -> file.map(f -> f.toAbsolutePath().getParent()));
        return new LogOptions(startup, folder);
    }
}

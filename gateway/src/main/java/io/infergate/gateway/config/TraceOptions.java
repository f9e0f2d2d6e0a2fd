package io.infergate.gateway.config;

import io.infergate.gateway.trace.TraceFields;
import io.infergate.gateway.trace.TraceLevel;
import io.infergate.gateway.trace.Tracing;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The trace settings at start-up, from tritonserver's {@code --trace-config} entries
 * ({@code level=TIMESTAMPS}, {@code rate=100}, {@code count=-1}, {@code mode=triton},
 * {@code triton,file=/tmp/trace.json}, {@code triton,log-frequency=50}; file and log-frequency are
 * also taken without the {@code triton,} prefix), and the folder where clients may put a trace file.
 *
 * @param startup       the global settings the server starts with
 * @param mode          the trace mode ({@code triton})
 * @param allowedFolder --trace-dir, else the folder of the start-up file, else empty
 */
public record TraceOptions(TraceFields startup, String mode, Optional<Path> allowedFolder) {

    static TraceOptions from(SettingValues values) {
        TraceOptions parsed = parse(values.list(Setting.TRACE_CONFIG));
        Optional<Path> folder = values.optionalPath(Setting.TRACE_DIR).or(() -> parsed.allowedFolder());
        return new TraceOptions(parsed.startup(), parsed.mode(), folder);
    }

    /** Parses the entries; an unknown setting or a bad value stops start-up naming it. */
    static TraceOptions parse(List<String> entries) {
        TraceFields defaults = TraceFields.DEFAULTS;
        Set<TraceLevel> levels = EnumSet.noneOf(TraceLevel.class);
        int rate = defaults.rate();
        int count = defaults.count();
        int frequency = defaults.logFrequency();
        String file = defaults.file();
        String mode = Tracing.TRITON_MODE;
        for (String entry : entries) {
            if (entry.startsWith("opentelemetry,")) {
                throw openTelemetryUnsupported();
            }
            String setting = entry.startsWith("triton,") ? entry.substring("triton,".length()) : entry;
            int equals = setting.indexOf('=');
            if (equals < 0) {
                throw new ConfigException("--trace-config '" + entry + "' is not [triton,]setting=value");
            }
            String key = setting.substring(0, equals).strip();
            String value = setting.substring(equals + 1).strip();
            switch (key) {
                case "level" -> level(levels, value);
                case "rate" -> rate = number(entry, value, 1);
                case "count" -> count = number(entry, value, -1);
                case "log-frequency", "log_frequency" -> frequency = number(entry, value, 0);
                case "file" -> file = value.isEmpty() ? "" : Path.of(value).toAbsolutePath().normalize().toString();
                case "mode" -> mode = mode(value);
                default -> throw new ConfigException("--trace-config has unknown setting '" + key
                        + "' (known: level, rate, count, mode, triton,file, triton,log-frequency)");
            }
        }
        Optional<Path> fileFolder = file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file).getParent());
        return new TraceOptions(new TraceFields(levels, rate, count, frequency, file), mode, fileFolder);
    }

    private static void level(Set<TraceLevel> levels, String value) {
        switch (value) {
            case "OFF" -> levels.clear();
            case "TIMESTAMPS" -> levels.add(TraceLevel.TIMESTAMPS);
            case "TENSORS" -> levels.add(TraceLevel.TENSORS);
            default -> throw new ConfigException("--trace-config level='" + value
                    + "' is not a trace level (OFF, TIMESTAMPS, TENSORS)");
        }
    }

    private static String mode(String value) {
        if (value.equals(Tracing.TRITON_MODE)) {
            return value;
        }
        if (value.equals("opentelemetry")) {
            throw openTelemetryUnsupported();
        }
        throw new ConfigException("--trace-config mode='" + value + "' is not a trace mode (triton)");
    }

    private static ConfigException openTelemetryUnsupported() {
        return new ConfigException("--trace-config: OpenTelemetry mode is not supported yet; traces go to"
                + " Triton's trace files (mode=triton)");
    }

    private static int number(String entry, String value, int min) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ConfigException("--trace-config '" + entry + "': expected a whole number from " + min);
    }
}

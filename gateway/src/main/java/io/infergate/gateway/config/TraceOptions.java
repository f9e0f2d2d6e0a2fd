package io.infergate.gateway.config;

import io.infergate.gateway.trace.TraceFields;
import io.infergate.gateway.trace.TraceLevel;
import io.infergate.gateway.trace.Tracing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The trace settings at start-up, from tritonserver's {@code --trace-config} entries: global ones
 * ({@code level=TIMESTAMPS}, {@code rate=100}, {@code count=-1}, {@code mode=triton|opentelemetry}),
 * the triton mode's ({@code triton,file=/tmp/trace.json}, {@code triton,log-frequency=50}; also
 * taken without the prefix) and the opentelemetry mode's ({@code opentelemetry,url=...},
 * {@code opentelemetry,resource=KEY=VALUE}, {@code opentelemetry,bsp_schedule_delay=MS}); and the
 * folder where clients may put a trace file.
 *
 * @param startup         the global settings the server starts with
 * @param mode            {@link Tracing#TRITON_MODE} or {@link Tracing#OPENTELEMETRY_MODE}
 * @param allowedFolder   --trace-dir, else the folder of the start-up file, else empty
 * @param openTelemetry   where and how spans are exported in opentelemetry mode
 */
public record TraceOptions(TraceFields startup, String mode, Optional<Path> allowedFolder,
        OpenTelemetryExport openTelemetry) {

    /**
     * Triton's opentelemetry settings.
     *
     * @param url             the OTLP/HTTP traces endpoint
     * @param resource        attributes of the resource the spans come from
     * @param scheduleDelayMs how long ended spans wait at most before they are sent (the batch span processor's delay)
     */
    public record OpenTelemetryExport(String url, Map<String, String> resource, int scheduleDelayMs) {
        /** Triton's defaults: a collector on this host, batches every 5 s. */
        static final OpenTelemetryExport DEFAULTS = new OpenTelemetryExport("http://localhost:4318/v1/traces",
                Map.of(), 5000);

        public OpenTelemetryExport {
            resource = Map.copyOf(resource);
        }
    }

    /** The tracing these options describe, for one server. */
    public Tracing tracing() {
        if (mode.equals(Tracing.OPENTELEMETRY_MODE)) {
            return Tracing.toOpenTelemetry(startup, openTelemetry.url(), openTelemetry.resource(),
                    Duration.ofMillis(openTelemetry.scheduleDelayMs()));
        }
        return Tracing.toFiles(startup, allowedFolder);
    }

    static TraceOptions from(SettingValues values) {
        TraceOptions parsed = parse(values.list(Setting.TRACE_CONFIG));
        Optional<Path> folder = values.optionalPath(Setting.TRACE_DIR).or(() -> parsed.allowedFolder());
        return new TraceOptions(parsed.startup(), parsed.mode(), folder, parsed.openTelemetry());
    }

    /** Parses the entries; an unknown setting or a bad value stops start-up naming it. */
    static TraceOptions parse(List<String> entries) {
        Parsed parsed = new Parsed();
        for (String entry : entries) {
            boolean openTelemetry = entry.startsWith(Tracing.OPENTELEMETRY_MODE + ",");
            String setting = openTelemetry ? entry.substring(Tracing.OPENTELEMETRY_MODE.length() + 1)
                    : entry.startsWith("triton,") ? entry.substring("triton,".length()) : entry;
            int equals = setting.indexOf('=');
            if (equals < 0) {
                throw new ConfigException("--trace-config '" + entry + "' is not [MODE,]setting=value");
            }
            String key = setting.substring(0, equals).strip();
            String value = setting.substring(equals + 1).strip();
            if (openTelemetry) {
                parsed.openTelemetry(entry, key, value);
            } else {
                parsed.global(entry, key, value);
            }
        }
        return parsed.options();
    }

    /** The settings read so far. */
    private static final class Parsed {
        final Set<TraceLevel> levels = EnumSet.noneOf(TraceLevel.class);
        int rate = TraceFields.DEFAULTS.rate();
        int count = TraceFields.DEFAULTS.count();
        int frequency = TraceFields.DEFAULTS.logFrequency();
        String file = TraceFields.DEFAULTS.file();
        String mode = Tracing.TRITON_MODE;
        String url = OpenTelemetryExport.DEFAULTS.url();
        final Map<String, String> resource = new LinkedHashMap<>();
        int scheduleDelayMs = OpenTelemetryExport.DEFAULTS.scheduleDelayMs();

        void global(String entry, String key, String value) {
            switch (key) {
                case "level" -> level(value);
                case "rate" -> rate = number(entry, value, 1);
                case "count" -> count = number(entry, value, -1);
                case "log-frequency", "log_frequency" -> frequency = number(entry, value, 0);
                case "file" -> file = value.isEmpty() ? "" : Path.of(value).toAbsolutePath().normalize().toString();
                case "mode" -> mode = mode(value);
                default -> throw new ConfigException("--trace-config has unknown setting '" + key
                        + "' (known: level, rate, count, mode, triton,file, triton,log-frequency, opentelemetry,url,"
                        + " opentelemetry,resource, opentelemetry,bsp_schedule_delay)");
            }
        }

        void openTelemetry(String entry, String key, String value) {
            switch (key) {
                case "url" -> url = value;
                case "resource" -> {
                    int equals = value.indexOf('=');
                    if (equals <= 0) {
                        throw new ConfigException("--trace-config '" + entry + "': expected resource=KEY=VALUE");
                    }
                    resource.put(value.substring(0, equals), value.substring(equals + 1));
                }
                case "bsp_schedule_delay" -> scheduleDelayMs = number(entry, value, 1);
                default -> throw new ConfigException("--trace-config has unknown opentelemetry setting '" + key
                        + "' (known: url, resource, bsp_schedule_delay)");
            }
        }

        private void level(String value) {
            switch (value) {
                case "OFF" -> levels.clear();
                case "TIMESTAMPS" -> levels.add(TraceLevel.TIMESTAMPS);
                case "TENSORS" -> levels.add(TraceLevel.TENSORS);
                default -> throw new ConfigException("--trace-config level='" + value
                        + "' is not a trace level (OFF, TIMESTAMPS, TENSORS)");
            }
        }

        TraceOptions options() {
            Optional<Path> fileFolder = file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file).getParent());
            return new TraceOptions(new TraceFields(levels, rate, count, frequency, file), mode, fileFolder,
                    new OpenTelemetryExport(url, resource, scheduleDelayMs));
        }
    }

    private static String mode(String value) {
        if (value.equals(Tracing.TRITON_MODE) || value.equals(Tracing.OPENTELEMETRY_MODE)) {
            return value;
        }
        throw new ConfigException("--trace-config mode='" + value + "' is not a trace mode (triton, opentelemetry)");
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

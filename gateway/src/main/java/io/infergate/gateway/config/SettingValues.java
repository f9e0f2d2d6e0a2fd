package io.infergate.gateway.config;

import io.infergate.engine.EngineOptions.ModelControlMode;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Validates and converts merged raw values; every failure names the origin and the value. */
final class SettingValues {
    private static final int MAX_PORT = 65535;

    private final Map<Setting, RawValue> values;

    SettingValues(Map<Setting, RawValue> values) {
        this.values = values;
    }

    /** Every setting at its built-in default. */
    static Map<Setting, RawValue> defaults() {
        Map<Setting, RawValue> defaults = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            defaults.put(setting, new RawValue(setting.defaultValue(), "default of " + setting.key()));
        }
        return defaults;
    }

    int port(Setting setting) {
        long port = integer(setting, "a port number 0.." + MAX_PORT);
        if (port < 0 || port > MAX_PORT) {
            throw invalid(setting, "a port number 0.." + MAX_PORT);
        }
        return (int) port;
    }

    int nonNegativeInt(Setting setting) {
        long number = integer(setting, "a whole number >= 0");
        if (number < 0 || number > Integer.MAX_VALUE) {
            throw invalid(setting, "a whole number >= 0");
        }
        return (int) number;
    }

    int positiveInt(Setting setting) {
        long number = integer(setting, "a whole number >= 1");
        if (number < 1 || number > Integer.MAX_VALUE) {
            throw invalid(setting, "a whole number >= 1");
        }
        return (int) number;
    }

    long size(Setting setting) {
        long bytes = integer(setting, "a positive number of bytes");
        if (bytes <= 0) {
            throw invalid(setting, "a positive number of bytes");
        }
        return bytes;
    }

    boolean bool(Setting setting) {
        return switch (scalar(setting).toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw invalid(setting, "true, false, 1 or 0");
        };
    }

    String text(Setting setting) {
        String text = scalar(setting);
        if (text.isBlank()) {
            throw invalid(setting, "a non-empty value");
        }
        return text;
    }

    /** A file setting whose value "-" means none. */
    Optional<Path> optionalPath(Setting setting) {
        String text = text(setting);
        return "-".equals(text) ? Optional.empty() : Optional.of(Path.of(text));
    }

    ModelControlMode controlMode(Setting setting) {
        String mode = scalar(setting).toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "none" -> ModelControlMode.NONE;
            case "explicit" -> ModelControlMode.EXPLICIT;
            case "poll" -> ModelControlMode.POLL;
            default -> throw invalid(setting, "none, explicit or poll");
        };
    }

    ClusterOptions.Role role(Setting setting) {
        ClusterOptions.Role role = ClusterOptions.Role.parse(scalar(setting));
        if (role == null) {
            throw invalid(setting, "all, gateway or worker");
        }
        return role;
    }

    List<String> list(Setting setting) {
        RawValue raw = values.get(setting);
        List<String> items = raw.value() instanceof List<?> list
                ? list.stream().map(Object::toString).toList()
                : List.of(raw.value().toString());
        for (String item : items) {
            if (item.isBlank()) {
                throw new ConfigException("empty item in " + raw.origin());
            }
        }
        return items;
    }

    private long integer(Setting setting, String expected) {
        String text = scalar(setting).strip();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(setting, expected);
        }
    }

    private String scalar(Setting setting) {
        Object value = values.get(setting).value();
        if (value instanceof List<?>) {
            throw invalid(setting, "one value");
        }
        return value.toString();
    }

    private String origin(Setting setting) {
        return values.get(setting).origin();
    }

    private ConfigException invalid(Setting setting, String expected) {
        RawValue raw = values.get(setting);
        return new ConfigException("invalid value '" + raw.value() + "' for " + raw.origin() + ": expected " + expected);
    }
}

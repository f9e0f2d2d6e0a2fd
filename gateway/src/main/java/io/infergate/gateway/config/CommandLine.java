package io.infergate.gateway.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line, split into settings (the top layer of the configuration), the configuration
 * file to read and whether help was asked for. Accepts {@code --flag=value} and {@code --flag value};
 * a boolean flag alone means true; list flags repeat.
 *
 * @param values     settings given on the command line
 * @param configFile the --config-file value, or null
 * @param help       whether --help was given
 */
public record CommandLine(Map<Setting, RawValue> values, String configFile, boolean help) {
    static final String CONFIG_FILE_FLAG = "--config-file";
    static final String HELP_FLAG = "--help";
    private static final Set<String> BOOLEAN_WORDS = Set.of("true", "false", "1", "0");

    public CommandLine {
        values = Map.copyOf(values);
    }

    public static CommandLine parse(List<String> args) {
        Map<Setting, RawValue> values = new EnumMap<>(Setting.class);
        Map<Setting, List<String>> lists = new EnumMap<>(Setting.class);
        String configFile = null;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new ConfigException("unexpected argument '" + arg + "': flags start with --");
            }
            int equals = arg.indexOf('=');
            String flag = equals < 0 ? arg : arg.substring(0, equals);
            String inlineValue = equals < 0 ? null : arg.substring(equals + 1);
            if (flag.equals(HELP_FLAG)) {
                help = true;
                continue;
            }
            String next = i + 1 < args.size() ? args.get(i + 1) : null;
            if (flag.equals(CONFIG_FILE_FLAG)) {
                configFile = inlineValue != null ? inlineValue : requireValue(flag, next);
                i += inlineValue != null ? 0 : 1;
                continue;
            }
            Setting setting = Setting.byKey(flag.substring(2))
                    .orElseThrow(() -> new ConfigException("unknown flag " + flag));
            String value = inlineValue;
            if (value == null && setting.kind() == Setting.Kind.BOOLEAN) {
                // A bare boolean flag means true; "--flag false" still sets false.
                boolean nextIsBoolean = next != null && BOOLEAN_WORDS.contains(next.toLowerCase());
                value = nextIsBoolean ? next : "true";
                i += nextIsBoolean ? 1 : 0;
            } else if (value == null) {
                value = requireValue(flag, next);
                i++;
            }
            if (setting.kind() == Setting.Kind.LIST) {
                lists.computeIfAbsent(setting, s -> new ArrayList<>()).add(value);
            } else {
                values.put(setting, new RawValue(value, flag));
            }
        }
        lists.forEach((setting, list) -> values.put(setting, new RawValue(list, setting.flag())));
        return new CommandLine(values, configFile, help);
    }

    private static String requireValue(String flag, String next) {
        if (next == null || next.startsWith("--")) {
            throw new ConfigException("flag " + flag + " needs a value");
        }
        return next;
    }
}

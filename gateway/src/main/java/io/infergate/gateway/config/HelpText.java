package io.infergate.gateway.config;

import java.util.List;

/** The --help text: every flag with its default and description, and how the layers combine. */
public final class HelpText {

    private HelpText() {
    }

    public static String render() {
        StringBuilder text = new StringBuilder()
                .append("Usage: infergate [--flag=value | --flag value]...\n\n")
                .append("Settings come from built-in defaults < ").append(ServerConfigLoader.DEFAULT_CONFIG_FILE)
                .append(" < INFERGATE_<FLAG> environment variables < the command line.\n")
                .append("Boolean flags take true/false/1/0; a bare boolean flag means true.\n\n");
        for (Setting setting : Setting.values()) {
            text.append("  ").append(setting.flag()).append(" <").append(placeholder(setting)).append(">")
                    .append("  (default: ").append(describeDefault(setting.defaultValue())).append(")\n")
                    .append("      ").append(setting.description()).append('\n');
        }
        text.append("  ").append(CommandLine.CONFIG_FILE_FLAG).append(" <path>  (default: ")
                .append(ServerConfigLoader.DEFAULT_CONFIG_FILE).append(", if present)\n")
                .append("      YAML configuration file; also ").append(ServerConfigLoader.CONFIG_FILE_VARIABLE)
                .append(". A file named explicitly must exist.\n")
                .append("  ").append(CommandLine.HELP_FLAG).append("\n      Print this help and exit.\n");
        return text.toString();
    }

    private static String placeholder(Setting setting) {
        return switch (setting.kind()) {
            case LIST -> "value";
            case CONTROL_MODE -> "none|explicit|poll";
            case ROLE -> "all|gateway|worker";
            case PORT -> "port";
            case BOOLEAN -> "bool";
            case NON_NEGATIVE_INT -> "level";
            case POSITIVE_INT -> "count";
            case SECONDS -> "secs";
            case MILLIS -> "ms";
            case SIZE -> "bytes";
            case STRING -> "text";
        };
    }

    private static String describeDefault(Object value) {
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "none" : String.join(", ", list.stream().map(Object::toString).toList());
        }
        return value.toString();
    }
}

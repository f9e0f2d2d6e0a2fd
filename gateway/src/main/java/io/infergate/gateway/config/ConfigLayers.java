package io.infergate.gateway.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Turns the YAML file and the environment into settings layers. */
public final class ConfigLayers {

    private ConfigLayers() {
    }

    /** The settings of a parsed YAML file; an unknown key is an error. */
    public static Map<Setting, RawValue> fromYaml(JsonObject yaml, String fileName) {
        Map<Setting, RawValue> values = new EnumMap<>(Setting.class);
        for (Map.Entry<String, Object> entry : yaml) {
            String key = entry.getKey();
            Setting setting = Setting.byKey(key)
                    .orElseThrow(() -> new ConfigException("unknown key '" + key + "' in " + fileName));
            String origin = key + " in " + fileName;
            values.put(setting, new RawValue(yamlValue(entry.getValue(), setting, origin), origin));
        }
        return values;
    }

    /** The settings given as INFERGATE_* variables; list settings are comma-separated there. */
    public static Map<Setting, RawValue> fromEnvironment(Map<String, String> environment) {
        Map<Setting, RawValue> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            String text = environment.get(setting.environmentVariable());
            if (text == null) {
                continue;
            }
            Object value = setting.kind() == Setting.Kind.LIST ? splitList(text) : text;
            values.put(setting, new RawValue(value, setting.environmentVariable()));
        }
        return values;
    }

    private static Object yamlValue(Object value, Setting setting, String origin) {
        if (value instanceof JsonArray array) {
            if (setting.kind() != Setting.Kind.LIST) {
                throw new ConfigException("invalid value " + array.encode() + " for " + origin + ": expected one value");
            }
            List<String> items = new ArrayList<>();
            for (Object item : array) {
                if (item == null || item instanceof JsonObject || item instanceof JsonArray) {
                    throw new ConfigException("invalid item " + item + " in " + origin + ": expected text");
                }
                items.add(item.toString());
            }
            return items;
        }
        if (value == null || value instanceof JsonObject) {
            throw new ConfigException("invalid value " + value + " for " + origin + ": expected "
                    + (setting.kind() == Setting.Kind.LIST ? "a list" : "one value"));
        }
        return setting.kind() == Setting.Kind.LIST ? List.of(value.toString()) : value;
    }

    private static List<String> splitList(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}

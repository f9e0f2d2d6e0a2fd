package io.infergate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLayersTest {

    @Test
    void unknownYamlKeyIsRejectedWithTheFileName() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLayers.fromYaml(new JsonObject().put("http-prot", 1), "conf/infergate.yaml"));
        assertEquals("unknown key 'http-prot' in conf/infergate.yaml", e.getMessage());
    }

    @Test
    void yamlListBecomesAList() {
        Map<Setting, RawValue> layer = ConfigLayers.fromYaml(
                new JsonObject().put("model-repository", new JsonArray().add("/a").add("/b")), "f.yaml");
        assertEquals(List.of("/a", "/b"), layer.get(Setting.MODEL_REPOSITORY).value());
    }

    @Test
    void yamlListForAScalarSettingIsRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLayers.fromYaml(new JsonObject().put("http-port", new JsonArray().add(1)), "f.yaml"));
        assertTrue(e.getMessage().contains("http-port in f.yaml"), e.getMessage());
    }

    @Test
    void environmentListIsCommaSeparated() {
        Map<Setting, RawValue> layer = ConfigLayers.fromEnvironment(Map.of("INFERGATE_MODEL_REPOSITORY", "/a, /b,"));
        assertEquals(List.of("/a", "/b"), layer.get(Setting.MODEL_REPOSITORY).value());
    }

    @Test
    void unrelatedEnvironmentVariablesAreIgnored() {
        assertTrue(ConfigLayers.fromEnvironment(Map.of("INFERGATE_JAVA_OPTS", "-Xmx1g", "HOME", "/root")).isEmpty());
    }
}

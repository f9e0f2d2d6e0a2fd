package io.infergate.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelConfigJsonTest {

    private static final String CONFIG = """
            name: "m"
            input [ { name: "x", data_type: TYPE_FP32, dims: [ 3, -1 ], reshape { shape: [ -1 ] } } ]
            output [ { name: "y", data_type: TYPE_STRING, dims: [ 1 ] } ]
            dynamic_batching { max_queue_delay_microseconds: 100 }
            parameters { key: "k" value { string_value: "v<&>" } }
            """;

    static List<Path> tritonExampleConfigs() throws IOException {
        return TritonExamples.configFiles();
    }

    private static String json() throws ModelConfigException {
        return ModelConfigJson.toJson(ModelConfigParser.parseText(CONFIG, "test"));
    }

    @Test
    void printsDimsAsNumbers() throws ModelConfigException {
        assertTrue(json().contains("\"dims\":[3,-1]"), json());
    }

    @Test
    void printsNestedInt64FieldsAsNumbers() throws ModelConfigException {
        assertTrue(json().contains("\"reshape\":{\"shape\":[-1]}"), json());
        assertTrue(json().contains("\"max_queue_delay_microseconds\":100"), json());
    }

    @Test
    void includesDefaultMaxBatchSize() throws ModelConfigException {
        assertTrue(json().contains("\"max_batch_size\":0"), json());
    }

    @Test
    void includesEmptyListsAndMaps() throws ModelConfigException {
        assertTrue(json().contains("\"instance_group\":[]"), json());
        assertTrue(json().contains("\"metric_tags\":{}"), json());
    }

    @Test
    void printsEnumsByNameAndMapsAsObjects() throws ModelConfigException {
        assertTrue(json().contains("\"data_type\":\"TYPE_STRING\""), json());
        assertTrue(json().contains("\"parameters\":{\"k\":{\"string_value\":\"v<&>\"}}"), json());
    }

    @Test
    void omitsUnsetMessagesAndOneofs() throws ModelConfigException {
        String json = json();
        assertTrue(!json.contains("\"optimization\"") && !json.contains("\"sequence_batching\""), json);
    }

    @Test
    void roundTripsEscapedStringsAndFloats() throws ModelConfigException {
        ModelConfig config = ModelConfigParser.parseText("""
                name: "quote\\" back\\\\ tab\\t bell\\007"
                sequence_batching { direct { minimum_slot_utilization: 0.1 } }
                """, "test");

        assertEquals(config, ModelConfigParser.parseJson(ModelConfigJson.toJson(config)));
        assertTrue(ModelConfigJson.toJson(config).contains("\"minimum_slot_utilization\":0.1}"));
    }

    @ParameterizedTest
    @MethodSource("tritonExampleConfigs")
    void roundTripsThroughParseJson(Path configFile) throws ModelConfigException {
        ModelConfig config = ModelConfigParser.parse(configFile);

        assertEquals(config, ModelConfigParser.parseJson(ModelConfigJson.toJson(config)));
    }
}

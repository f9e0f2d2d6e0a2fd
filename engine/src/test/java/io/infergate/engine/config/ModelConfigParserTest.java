package io.infergate.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.config.proto.ModelConfigProto.DataType;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelSequenceBatching.Control;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelConfigParserTest {

    static List<Path> tritonExampleConfigs() throws IOException {
        return TritonExamples.configFiles();
    }

    @Test
    void findsTheTritonExampleConfigs() throws IOException {
        assertFalse(tritonExampleConfigs().isEmpty());
    }

    @ParameterizedTest
    @MethodSource("tritonExampleConfigs")
    void parsesEveryTritonExampleConfig(Path configFile) throws ModelConfigException {
        ModelConfig config = ModelConfigParser.parse(configFile);

        assertEquals(configFile.getParent().getFileName().toString(), config.getName());
        assertFalse(config.getInputList().isEmpty());
    }

    @Test
    void parsesListsCapitalizedBooleansEnumsAndComments() throws ModelConfigException {
        String text = """
                # a comment
                name: "seq"
                max_batch_size: 4
                model_transaction_policy { decoupled: True }
                sequence_batching {
                  control_input [
                    { name: "START", control [ { kind: CONTROL_SEQUENCE_START, int32_false_true: [ 0, 1 ] } ] }
                  ]
                }
                input [ { name: "IN", data_type: TYPE_INT32, dims: [ -1 ] } ]
                """;

        ModelConfig config = ModelConfigParser.parseText(text, "inline");

        assertTrue(config.getModelTransactionPolicy().getDecoupled());
        Control control = config.getSequenceBatching().getControlInput(0).getControl(0);
        assertEquals(Control.Kind.CONTROL_SEQUENCE_START, control.getKind());
        assertEquals(List.of(0, 1), control.getInt32FalseTrueList());
        assertEquals(DataType.TYPE_INT32, config.getInput(0).getDataType());
        assertEquals(List.of(-1L), config.getInput(0).getDimsList());
    }

    @Test
    void syntaxErrorNamesFileLineAndColumn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.pbtxt");
        Files.writeString(file, "name: \"m\"\nmax_batch_size: 8\ninput [ { name \"x\" } ]\n");

        ModelConfigException e = assertThrows(ModelConfigException.class, () -> ModelConfigParser.parse(file));

        assertTrue(e.getMessage().startsWith(file + ":3:"), e.getMessage());
    }

    @Test
    void unknownFieldIsRejectedByName() {
        ModelConfigException e = assertThrows(
                ModelConfigException.class,
                () -> ModelConfigParser.parseText("name: \"m\"\nmax_batch_sise: 8\n", "api"));

        assertTrue(e.getMessage().startsWith("api:2:"), e.getMessage());
        assertTrue(e.getMessage().contains("max_batch_sise"), e.getMessage());
    }

    @Test
    void singularFieldGivenTwiceIsRejected() {
        assertThrows(
                ModelConfigException.class,
                () -> ModelConfigParser.parseText("max_batch_size: 8\nmax_batch_size: 4\n", "api"));
    }

    @Test
    void missingFileIsAConfigError(@TempDir Path dir) {
        Path file = dir.resolve("config.pbtxt");

        ModelConfigException e = assertThrows(ModelConfigException.class, () -> ModelConfigParser.parse(file));

        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void parsesJsonWithNumericDims() throws ModelConfigException {
        ModelConfig config = ModelConfigParser.parseJson(
                "{\"name\":\"m\",\"max_batch_size\":2,\"input\":[{\"name\":\"x\",\"data_type\":\"TYPE_FP32\",\"dims\":[3,-1]}]}");

        assertEquals(2, config.getMaxBatchSize());
        assertEquals(List.of(3L, -1L), config.getInput(0).getDimsList());
    }

    @Test
    void jsonWithUnknownFieldIsRejectedByName() {
        ModelConfigException e = assertThrows(
                ModelConfigException.class, () -> ModelConfigParser.parseJson("{\"name\":\"m\",\"bogus\":1}"));

        assertTrue(e.getMessage().contains("bogus"), e.getMessage());
    }

    @Test
    void malformedJsonIsAConfigError() {
        assertThrows(ModelConfigException.class, () -> ModelConfigParser.parseJson("{\"name\":"));
    }
}

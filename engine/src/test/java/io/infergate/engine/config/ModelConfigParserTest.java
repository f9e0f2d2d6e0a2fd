package io.infergate.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.config.proto.ModelConfigProto.DataType;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelSequenceBatching.Control;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    // Found by LoadApiConfigFuzzTest: protobuf's JSON parser made a million-digit BigInteger of an
    // exponent (150 MB for these 387 bytes); 1e999999999 would take minutes and gigabytes.
    @Test
    void theFuzzersInputWithAHugeExponentIsRefusedAtOnce() {
        String crash = "{\"name\": \"\0\0\0\0\0\", \"max_batch_size\": 8, \"input\": [{\"name\": \"INPUT0\", \"data_type\":"
                + " \"TYPE_INT32\", \"dims\":T_INT32\", \"dims\": [96]}], \"dynamic_batching\": {\"preferred_batch_size\": [8],"
                + " \"max_queue_delay_microseconds\": 1e1000000}, \"instance_group\": [{\"count\": 2, \"kind\": \"KIND_CPU\"}]},"
                + " \"par\"]}], \"mod {\"st" + "\0".repeat(88) + "}}}";
        // protobuf's lenient parser read past the unquoted T_INT32"; strict JSON is refused there
        ModelConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(ModelConfigException.class, () -> ModelConfigParser.parseJson(crash)));
        assertTrue(e.getMessage().startsWith("invalid model config JSON"), e.getMessage());
    }

    @Test
    void anUnsignedFieldWithAHugeExponentIsRefusedQuickly() {
        String json = "{\"dynamic_batching\": {\"max_queue_delay_microseconds\": 1e999999999}}";
        ModelConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(ModelConfigException.class, () -> ModelConfigParser.parseJson(json)));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }

    @Test
    void aHugeExponentInAStringIsRefusedToo() {
        // protobuf reads a 64-bit integer from a JSON string as well
        String json = "{\"dynamic_batching\": {\"max_queue_delay_microseconds\": \"1e999999999\"}}";
        assertThrows(ModelConfigException.class, () -> ModelConfigParser.parseJson(json));
    }

    @Test
    void aNumberInSingleQuotesIsRefused() {
        // protobuf's parser is lenient: this would reach it as the string 1e999999999
        String json = "{\"dynamic_batching\": {\"max_queue_delay_microseconds\": '1e999999999'}}";
        assertThrows(ModelConfigException.class, () -> ModelConfigParser.parseJson(json));
    }

    @Test
    void aNegativeHugeExponentIsRefused() {
        String json = "{\"max_batch_size\": 1e-999999999}";
        assertThrows(ModelConfigException.class, () -> ModelConfigParser.parseJson(json));
    }

    @Test
    void ordinaryNumbersWithExponentsStillParse() throws ModelConfigException {
        ModelConfig config = ModelConfigParser.parseJson(
                "{\"max_batch_size\": 8e0, \"dynamic_batching\": {\"max_queue_delay_microseconds\": \"1e5\"}}");
        assertEquals(8, config.getMaxBatchSize());
        assertEquals(100000, config.getDynamicBatching().getMaxQueueDelayMicroseconds());
    }
}

package io.infergate.perf.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infergate.perf.PerfException;
import io.infergate.perf.PerfOptions.InputData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class InputFactoryTest {
    private static final ModelInfo REC = new ModelInfo("rec", "1", 16, false,
            List.of(new TensorSpec("x", "FP32", new long[] {3, 48, -1})));
    private static final ModelInfo SIMPLE = new ModelInfo("simple", "1", 8, false,
            List.of(new TensorSpec("INPUT0", "INT32", new long[] {16}), new TensorSpec("INPUT1", "INT32",
                    new long[] {16})));
    private static final InputData ZERO = new InputData(InputData.Kind.ZERO, null);

    @Test
    void batchesRepeatOneSample() {
        List<InputTensor> inputs = new InputFactory(SIMPLE, Map.of(), new InputData(InputData.Kind.RANDOM, null))
                .inputs(3);
        InputTensor in0 = inputs.getFirst();
        assertArrayEquals(new long[] {3, 16}, in0.shape());
        assertEquals(3 * 16 * 4, in0.data().length);
        JsonArray values = TensorValues.toJson("INT32", in0.data());
        assertEquals(values.getList().subList(0, 16), values.getList().subList(32, 48));
    }

    @Test
    void variableDimsTakeTheShapeFlag() {
        InputTensor x = new InputFactory(REC, Map.of("x", new long[] {3, 48, 320}), ZERO).inputs(2).getFirst();
        assertArrayEquals(new long[] {2, 3, 48, 320}, x.shape());
    }

    @Test
    void shapesThatDoNotFitAreOneLine() {
        assertMistake("input x of rec has variable dims [3, 48, -1]: give --shape x:D1,D2,...",
                () -> new InputFactory(REC, Map.of(), ZERO).inputs(1));
        assertMistake("--shape x:3,32,320 does not fit dims [3, 48, -1] of rec (leave out the batch dimension)",
                () -> new InputFactory(REC, Map.of("x", new long[] {3, 32, 320}), ZERO).inputs(1));
        assertMistake("--shape x:1,3,48,320 does not fit dims [3, 48, -1] of rec (leave out the batch dimension)",
                () -> new InputFactory(REC, Map.of("x", new long[] {1, 3, 48, 320}), ZERO).inputs(1));
        assertMistake("--shape: model rec has no input 'y' (inputs: x)",
                () -> new InputFactory(REC, Map.of("y", new long[] {1}), ZERO));
        assertMistake("-b 9 exceeds max_batch_size 8 of simple",
                () -> new InputFactory(SIMPLE, Map.of(), ZERO).inputs(9));
        ModelInfo unbatched = new ModelInfo("u", "1", 0, false, SIMPLE.inputs());
        assertMistake("model u does not batch (max_batch_size 0): -b must be 1",
                () -> new InputFactory(unbatched, Map.of(), ZERO).inputs(2));
    }

    @Test
    void perfAnalyzerInputFiles(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("in.json"), """
                {"data": [{"INPUT0": [[1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11, 12, 13, 14, 15, 16]],
                           "INPUT1": {"content": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7], "shape": [16]}}]}
                """);
        List<InputTensor> inputs = new InputFactory(SIMPLE, Map.of(), new InputData(InputData.Kind.FILE, file))
                .inputs(1);
        assertEquals(1, TensorValues.toJson("INT32", inputs.get(0).data()).getInteger(0));
        assertEquals(16, TensorValues.toJson("INT32", inputs.get(0).data()).getInteger(15));
        assertEquals(7, TensorValues.toJson("INT32", inputs.get(1).data()).getInteger(15));

        Path short_ = Files.writeString(dir.resolve("short.json"), "{\"data\":[{\"INPUT0\":[1],\"INPUT1\":[1]}]}");
        assertMistake("--input-data: INPUT0 has 1 values, its shape needs 16",
                () -> new InputFactory(SIMPLE, Map.of(), new InputData(InputData.Kind.FILE, short_)).inputs(1));
    }

    @Test
    void binaryBodiesSayWhereTheJsonHeaderEnds() {
        List<InputTensor> inputs = new InputFactory(SIMPLE, Map.of(), ZERO).inputs(1);
        HttpInferBody body = HttpInferBody.encode(inputs, true, SequenceStep.NONE);
        assertEquals(body.body().length() - 2 * 16 * 4, body.headerLength());
        String header = body.body().getString(0, body.headerLength());
        assertEquals(true, new JsonObject(header).getJsonObject("parameters")
                .getBoolean("binary_data_output"));
        HttpInferBody json = HttpInferBody.encode(inputs, false, new SequenceStep(7, true, false));
        assertEquals(-1, json.headerLength());
        assertEquals(7, json.body().toJsonObject().getJsonObject("parameters").getLong("sequence_id"));
    }

    private static void assertMistake(String message, Executable call) {
        assertEquals(message, assertThrows(PerfException.class, call).getMessage());
    }
}

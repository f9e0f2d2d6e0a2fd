package io.infergate.engine.backend.onnx;

import static io.infergate.engine.backend.onnx.OnnxFixtures.addSubConfig;
import static io.infergate.engine.backend.onnx.OnnxFixtures.execution;
import static io.infergate.engine.backend.onnx.OnnxFixtures.input;
import static io.infergate.engine.backend.onnx.OnnxFixtures.int32;
import static io.infergate.engine.backend.onnx.OnnxFixtures.ints;
import static io.infergate.engine.backend.onnx.OnnxFixtures.output;
import static io.infergate.engine.backend.onnx.OnnxFixtures.spec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import io.infergate.engine.backend.Backend;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OnnxBackendTest {

    @TempDir
    Path dir;

    private final OnnxBackend backend = new OnnxBackend();

    @Test
    void isRegisteredAsAServiceUnderItsNameAndPlatform() {
        Backend found = ServiceLoader.load(Backend.class).stream().map(ServiceLoader.Provider::get)
                .filter(b -> b.name().equals("onnxruntime")).findFirst().orElseThrow();
        assertEquals(java.util.Set.of("onnxruntime_onnx"), found.platforms());
        assertEquals("model.onnx", found.defaultModelFilename());
    }

    @Test
    void addSubInt32WithBatchDimensionGivesSumsAndDifferences() throws Exception {
        Path model = TinyOnnx.write(dir, TinyOnnx.addSub(DataType.INT32, -1, 4));
        try (ModelInstance instance = backend.createInstance(spec(addSubConfig().build(), model), 0)) {
            long[] shape = {2, 4};
            List<Tensor> out = instance.execute(execution(List.of(
                    int32("INPUT0", shape, 1, 2, 3, 4, 5, 6, 7, 8),
                    int32("INPUT1", shape, 10, 20, 30, 40, 50, 60, 70, 80)), "OUTPUT0", "OUTPUT1"));

            Tensor sum = out.stream().filter(t -> t.name().equals("OUTPUT0")).findFirst().orElseThrow();
            Tensor difference = out.stream().filter(t -> t.name().equals("OUTPUT1")).findFirst().orElseThrow();
            assertArrayEquals(shape, sum.shape());
            assertEquals(DataType.INT32, sum.dataType());
            assertArrayEquals(new int[] {11, 22, 33, 44, 55, 66, 77, 88}, ints(sum));
            assertArrayEquals(new int[] {-9, -18, -27, -36, -45, -54, -63, -72}, ints(difference));
        }
    }

    @Test
    void returnsOnlyTheRequestedOutputs() throws Exception {
        Path model = TinyOnnx.write(dir, TinyOnnx.addSub(DataType.INT32, -1, 4));
        try (ModelInstance instance = backend.createInstance(spec(addSubConfig().build(), model), 0)) {
            long[] shape = {1, 4};
            List<Tensor> out = instance.execute(execution(List.of(
                    int32("INPUT0", shape, 5, 5, 5, 5), int32("INPUT1", shape, 1, 2, 3, 4)), "OUTPUT1"));

            assertEquals(1, out.size());
            assertEquals("OUTPUT1", out.get(0).name());
            assertArrayEquals(new int[] {4, 3, 2, 1}, ints(out.get(0)));
        }
    }

    @Test
    void acceptsHeapBuffersAsWellAsDirectOnes() throws Exception {
        Path model = TinyOnnx.write(dir, TinyOnnx.addSub(DataType.INT32, -1, 4));
        try (ModelInstance instance = backend.createInstance(spec(addSubConfig().build(), model), 0)) {
            ByteBuffer heap = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(2).putInt(3).putInt(4).flip();
            Tensor a = new Tensor("INPUT0", DataType.INT32, new long[] {1, 4}, heap);
            List<Tensor> out = instance.execute(execution(List.of(a, a.withNameAndShape("INPUT1", a.shape())), "OUTPUT0"));

            assertArrayEquals(new int[] {2, 4, 6, 8}, ints(out.get(0)));
        }
    }

    @Test
    void acceptsReadOnlyDirectBuffersAndEmptyBatches() throws Exception {
        Path model = TinyOnnx.write(dir, TinyOnnx.addSub(DataType.INT32, -1, 4));
        try (ModelInstance instance = backend.createInstance(spec(addSubConfig().build(), model), 0)) {
            Tensor a = int32("INPUT0", new long[] {1, 4}, 1, 2, 3, 4);
            Tensor readOnly = new Tensor("INPUT1", DataType.INT32, a.shape(), a.bytes());
            assertArrayEquals(new int[] {0, 0, 0, 0},
                    ints(instance.execute(execution(List.of(a, readOnly), "OUTPUT1")).get(0)));

            Tensor empty0 = int32("INPUT0", new long[] {0, 4});
            Tensor empty1 = int32("INPUT1", new long[] {0, 4});
            Tensor out = instance.execute(execution(List.of(empty0, empty1), "OUTPUT0")).get(0);
            assertArrayEquals(new long[] {0, 4}, out.shape());
            assertEquals(0, out.byteSize());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = "BYTES", mode = EnumSource.Mode.EXCLUDE)
    void identityReturnsTheExactBytesOfEveryFixedSizeType(DataType type) throws Exception {
        Path model = TinyOnnx.write(dir, TinyOnnx.identity(type, -1, 3));
        ModelConfig config = ModelConfig.newBuilder().setName("id").setMaxBatchSize(4)
                .addInput(input("INPUT0", type, 3)).addOutput(output("OUTPUT0", type, 3)).build();
        byte[] bytes = new byte[2 * 3 * type.byteSize()];
        for (int i = 0; i < bytes.length; i++) {
            // BOOL elements must be 0 or 1; otherwise distinct, sign bits included.
            bytes[i] = (byte) (type == DataType.BOOL ? i % 2 : 37 * i + 129);
        }
        ByteBuffer data = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();

        try (ModelInstance instance = backend.createInstance(spec(config, model), 0)) {
            List<Tensor> out = instance.execute(execution(
                    List.of(new Tensor("INPUT0", type, new long[] {2, 3}, data)), "OUTPUT0"));

            Tensor result = out.get(0);
            assertEquals(type, result.dataType());
            assertArrayEquals(new long[] {2, 3}, result.shape());
            assertEquals(ByteOrder.LITTLE_ENDIAN, result.data().order());
            byte[] actual = new byte[result.byteSize()];
            result.bytes().get(actual);
            assertArrayEquals(bytes, actual);
        }
    }

    @Test
    void identityReturnsStringsIncludingNonAsciiAndEmptyOnes() throws Exception {
        Path model = TinyOnnx.write(dir, TinyOnnx.identity(DataType.BYTES, 2, 2));
        ModelConfig config = ModelConfig.newBuilder().setName("id")
                .addInput(input("INPUT0", DataType.BYTES, 2, 2)).addOutput(output("OUTPUT0", DataType.BYTES, 2, 2)).build();
        String[] strings = {"", "héllo wörld", "日本語 🙂", "plain"};

        try (ModelInstance instance = backend.createInstance(spec(config, model), 0)) {
            List<Tensor> out = instance.execute(execution(List.of(new Tensor("INPUT0", DataType.BYTES,
                    new long[] {2, 2}, BytesElements.fromStrings(strings))), "OUTPUT0"));

            Tensor result = out.get(0);
            assertEquals(DataType.BYTES, result.dataType());
            assertArrayEquals(new long[] {2, 2}, result.shape());
            assertArrayEquals(strings, BytesElements.toStrings(result.data()));
            assertEquals(BytesElements.fromStrings(strings), result.bytes());
        }
    }

    @Test
    void configInputTheModelLacksFailsTheLoadNamingIt() {
        Path model = TinyOnnx.write(dir, TinyOnnx.addSub(DataType.INT32, -1, 4));
        ModelConfig config = addSubConfig().setInput(1, input("INPUT9", DataType.INT32, 4)).build();

        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> backend.createInstance(spec(config, model), 0));
        assertTrue(e.getMessage().contains("'INPUT9'"), e.getMessage());
    }

    @Test
    void configOutputOfAnotherTypeFailsTheLoadNamingIt() {
        Path model = TinyOnnx.write(dir, TinyOnnx.addSub(DataType.INT32, -1, 4));
        ModelConfig config = addSubConfig().setOutput(0, output("OUTPUT0", DataType.FP32, 4)).build();

        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> backend.createInstance(spec(config, model), 0));
        assertTrue(e.getMessage().contains("'OUTPUT0'") && e.getMessage().contains("TYPE_FP32"), e.getMessage());
    }

    @Test
    void configShapeThatDisagreesWithTheModelFailsTheLoadNamingIt() {
        Path model = TinyOnnx.write(dir, TinyOnnx.addSub(DataType.INT32, -1, 4));
        ModelConfig config = addSubConfig().setInput(0, input("INPUT0", DataType.INT32, 5)).build();

        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> backend.createInstance(spec(config, model), 0));
        assertTrue(e.getMessage().contains("'INPUT0'"), e.getMessage());
    }

    @Test
    void executeFailureCarriesTheOnnxRuntimeMessage() throws Exception {
        Path model = TinyOnnx.write(dir, TinyOnnx.addSub(DataType.INT32, -1, 4));
        try (ModelInstance instance = backend.createInstance(spec(addSubConfig().build(), model), 0)) {
            // Broadcasting [1,4] with [1,3] is impossible: ONNX Runtime rejects it at run time.
            OrtException e = assertThrows(OrtException.class, () -> instance.execute(execution(List.of(
                    int32("INPUT0", new long[] {1, 4}, 1, 2, 3, 4), int32("INPUT1", new long[] {1, 3}, 1, 2, 3)),
                    "OUTPUT0")));
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
    }
}

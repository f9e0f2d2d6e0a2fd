package io.infergate.engine.backend.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.backend.ComputeTimer;
import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ModelSpec;
import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.proto.ModelConfigProto;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelOutput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelParameter;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityBackendTest {

    private final IdentityBackend backend = new IdentityBackend();

    private static ModelConfig.Builder config() {
        return ModelConfig.newBuilder().setName("identity").setBackend("identity")
                .addInput(ModelInput.newBuilder().setName("INPUT0").setDataType(ModelConfigProto.DataType.TYPE_INT32).addDims(-1))
                .addInput(ModelInput.newBuilder().setName("INPUT1").setDataType(ModelConfigProto.DataType.TYPE_STRING).addDims(-1))
                .addOutput(ModelOutput.newBuilder().setName("OUTPUT0").setDataType(ModelConfigProto.DataType.TYPE_INT32).addDims(-1))
                .addOutput(ModelOutput.newBuilder().setName("OUTPUT1").setDataType(ModelConfigProto.DataType.TYPE_STRING).addDims(-1));
    }

    private ModelInstance instance(ModelConfig config) throws Exception {
        return backend.createInstance(new ModelSpec(config.getName(), 1, config, null, null, null, null), 0);
    }

    private static final Tensor INTS = new Tensor("INPUT0", DataType.INT32, new long[] {2},
            ByteBuffer.allocateDirect(8).putInt(7).putInt(-1).flip());
    private static final Tensor STRINGS = new Tensor("INPUT1", DataType.BYTES, new long[] {2},
            BytesElements.fromStrings("a", "ü"));

    @Test
    void outputNIsInputNWithTheSameTypeShapeAndBuffer() throws Exception {
        try (ModelInstance identity = instance(config().build())) {
            List<Tensor> out = identity.execute(new Execution(List.of(INTS, STRINGS), Set.of("OUTPUT0", "OUTPUT1"),
                    1, new ComputeTimer()));

            assertEquals(List.of("OUTPUT0", "OUTPUT1"), out.stream().map(Tensor::name).toList());
            assertEquals(DataType.INT32, out.get(0).dataType());
            assertArrayEquals(new long[] {2}, out.get(0).shape());
            assertEquals(INTS.bytes(), out.get(0).bytes());
            assertEquals(STRINGS.bytes(), out.get(1).bytes());
            // Zero copy: the output's data is a view of the input's memory.
            assertTrue(out.get(0).data().isDirect());
            assertSame(INTS.shape(), out.get(0).shape());
        }
    }

    @Test
    void returnsOnlyTheRequestedOutputs() throws Exception {
        try (ModelInstance identity = instance(config().build())) {
            List<Tensor> out = identity.execute(new Execution(List.of(INTS, STRINGS), Set.of("OUTPUT1"), 1,
                    new ComputeTimer()));

            assertEquals(List.of("OUTPUT1"), out.stream().map(Tensor::name).toList());
        }
    }

    @Test
    void executeDelayMsDelaysEachExecution() throws Exception {
        ModelConfig delayed = config().putParameters("execute_delay_ms",
                ModelParameter.newBuilder().setStringValue("150").build()).build();
        try (ModelInstance identity = instance(delayed)) {
            long start = System.nanoTime();
            identity.execute(new Execution(List.of(INTS, STRINGS), Set.of("OUTPUT0"), 1, new ComputeTimer()));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertTrue(elapsedMs >= 150, "took " + elapsedMs + " ms");
        }
    }

    @Test
    void badExecuteDelayFailsTheLoadNamingTheParameter() {
        ModelConfig bad = config().putParameters("execute_delay_ms",
                ModelParameter.newBuilder().setStringValue("soon").build()).build();

        ModelConfigException e = assertThrows(ModelConfigException.class, () -> instance(bad));
        assertTrue(e.getMessage().contains("execute_delay_ms"), e.getMessage());
    }

    @Test
    void unequalInputAndOutputCountsFailTheLoad() {
        ModelConfig bad = config().removeOutput(1).build();

        assertThrows(ModelConfigException.class, () -> instance(bad));
    }
}

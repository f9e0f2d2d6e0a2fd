package io.infergate.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.Status;
import io.infergate.engine.config.proto.ModelConfigProto;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelOutput;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a backend produced, checked against the configuration before a client sees it. */
class OutputAssemblerTest {
    /** Batches up to 4; OUT is FP32 [-1, 2] per request item. */
    private static final ModelConfig CONFIG = ModelConfig.newBuilder().setName("m").setMaxBatchSize(4)
            .addInput(ModelInput.newBuilder().setName("IN").setDataType(ModelConfigProto.DataType.TYPE_FP32).addDims(2))
            .addOutput(ModelOutput.newBuilder().setName("OUT").setDataType(ModelConfigProto.DataType.TYPE_FP32)
                    .addDims(-1).addDims(2))
            .build();

    private final ModelSignature signature = new ModelSignature(CONFIG);
    private final OutputAssembler assembler = new OutputAssembler("m", "1", signature, Map.of());
    private final PreparedRequest prepared = new RequestPreparer("m", signature).prepare(new InferenceRequest("r", "m",
            "", List.of(tensor("IN", DataType.FP32, 1, 2)), List.of(), Map.of()));

    private static Tensor tensor(String name, DataType type, long... shape) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        return new Tensor(name, type, shape, ByteBuffer.allocate((int) count * type.byteSize()));
    }

    private InferenceException refused(Tensor produced) {
        InferenceException e = assertThrows(InferenceException.class, () -> assembler.assemble(prepared, List.of(produced)));
        assertEquals(Status.INTERNAL, e.status(), e.getMessage());
        return e;
    }

    @Test
    void outputMatchingItsConfigurationWithAnyBatchAndWildcardSizeIsReturned() {
        InferenceResponse response = assembler.assemble(prepared, List.of(tensor("OUT", DataType.FP32, 1, 7, 2)));
        assertArrayEquals(new long[] {1, 7, 2}, response.outputs().getFirst().shape());
    }

    @Test
    void outputOfAnotherDatatypeIsAnInternalErrorNamingBoth() {
        assertEquals("output 'OUT' of model 'm' has datatype INT32, but its configuration says FP32",
                refused(tensor("OUT", DataType.INT32, 1, 3, 2)).getMessage());
    }

    @Test
    void outputWithAFixedDimensionOfAnotherSizeIsAnInternalErrorNamingBothShapes() {
        assertEquals("output 'OUT' of model 'm' has shape [1, 3, 3], but its configuration says [-1, -1, 2]",
                refused(tensor("OUT", DataType.FP32, 1, 3, 3)).getMessage());
    }

    @Test
    void outputOfAnotherRankIsAnInternalErrorNamingBothShapes() {
        assertEquals("output 'OUT' of model 'm' has shape [1, 2], but its configuration says [-1, -1, 2]",
                refused(tensor("OUT", DataType.FP32, 1, 2)).getMessage());
    }

    @Test
    void missingOutputIsAnInternalErrorNamingIt() {
        InferenceException e = assertThrows(InferenceException.class, () -> assembler.assemble(prepared, List.of()));
        assertEquals("model 'm' did not produce output 'OUT'", e.getMessage());
    }
}

package io.infergate.gateway.kserve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KServeMessagesTest {

    private static Tensor floats(String name, float... values) {
        ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            data.putFloat(value);
        }
        return new Tensor(name, DataType.FP32, new long[] {1, values.length}, data.flip());
    }

    private static byte[] bytes(Tensor tensor) {
        ByteBuffer data = tensor.bytes();
        byte[] array = new byte[data.remaining()];
        data.get(array);
        return array;
    }

    @Test
    void aRequestCrossesAsAModelInferRequestAndBack() throws Exception {
        InferenceRequest request = new InferenceRequest("r1", "m", "2", List.of(floats("IN", 1.5f, -2f)),
                List.of(new RequestedOutput("OUT", 2, Map.of("binary_data", true)), RequestedOutput.named("OTHER")),
                Map.of("sequence_id", 42L, "sequence_start", true, "tag", "x", "ratio", 0.5));

        ModelInferRequest message = ModelInferRequest.parseFrom(KServeMessages.toMessage(request).toByteArray());
        InferenceRequest read = KServeMessages.fromMessage(message);

        assertEquals("r1", read.id());
        assertEquals("2", read.modelVersion());
        assertEquals(request.parameters(), read.parameters());
        assertEquals(request.requestedOutputs(), read.requestedOutputs());
        Tensor input = read.inputs().getFirst();
        assertEquals(DataType.FP32, input.dataType());
        assertArrayEquals(new long[] {1, 2}, input.shape());
        assertArrayEquals(bytes(request.inputs().getFirst()), bytes(input));
    }

    @Test
    void aResponseCrossesAsAModelInferResponseAndBack() throws Exception {
        InferenceResponse response = new InferenceResponse("r1", "m", "1", List.of(floats("OUT", 3f, 4f)),
                Map.of("triton_final_response", false));

        ModelInferResponse message = ModelInferResponse.parseFrom(KServeMessages.toMessage(response).toByteArray());
        InferenceResponse read = KServeMessages.fromMessage(message);

        assertEquals(response.id(), read.id());
        assertEquals(response.modelVersion(), read.modelVersion());
        assertEquals(response.parameters(), read.parameters());
        assertEquals("OUT", read.outputs().getFirst().name());
        assertArrayEquals(bytes(response.outputs().getFirst()), bytes(read.outputs().getFirst()));
    }
}

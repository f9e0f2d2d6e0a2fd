package io.infergate.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtobufWireCodecTest {
    /** Bytes ahead of the message in the frame, as the event bus writes its own headers first. */
    private static final String FRAME_HEADER = "headers";

    private static Tensor int32(String name, int... values) {
        ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            data.putInt(value);
        }
        return new Tensor(name, DataType.INT32, new long[] {values.length}, data.flip());
    }

    private static byte[] bytes(Tensor tensor) {
        ByteBuffer data = tensor.bytes();
        byte[] array = new byte[data.remaining()];
        data.get(array);
        return array;
    }

    private static <T> T roundTrip(ProtobufWireCodec<T, ?> codec, T object) {
        Buffer frame = Buffer.buffer(FRAME_HEADER);
        codec.encodeToWire(frame, object);
        frame.appendString("trailing");
        return codec.decodeFromWire(FRAME_HEADER.length(), frame);
    }

    @Test
    void aRequestCrossesWithEveryTensorInOrder() {
        InferenceRequest request = new InferenceRequest("r1", "m", "1",
                List.of(int32("A", 1, 2, 3), new Tensor("B", DataType.BYTES, new long[] {2},
                        BytesElements.fromStrings("x", "yz")), int32("EMPTY")),
                List.of(new RequestedOutput("OUT", 3, Map.of("binary_data", true))), Map.of("priority", 2L));

        InferenceRequest read = roundTrip(ProtobufWireCodec.requests(), request);

        assertEquals(List.of("A", "B", "EMPTY"), read.inputs().stream().map(Tensor::name).toList());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(bytes(request.inputs().get(i)), bytes(read.inputs().get(i)));
            assertArrayEquals(request.inputs().get(i).shape(), read.inputs().get(i).shape());
        }
        assertEquals(request.requestedOutputs(), read.requestedOutputs());
        assertEquals(request.parameters(), read.parameters());
    }

    @Test
    void aResponseCrossesWithItsOutputs() {
        InferenceResponse response = new InferenceResponse("r1", "m", "1", List.of(int32("OUT", 7, 8)),
                Map.of("triton_final_response", true));

        InferenceResponse read = roundTrip(ProtobufWireCodec.responses(), response);

        assertArrayEquals(bytes(response.outputs().getFirst()), bytes(read.outputs().getFirst()));
        assertEquals(response.parameters(), read.parameters());
    }

    @Test
    void readTensorsShareTheReceivedFrame() {
        Buffer frame = Buffer.buffer(FRAME_HEADER);
        ProtobufWireCodec.requests().encodeToWire(frame, new InferenceRequest("", "m", "", List.of(int32("A", 5)),
                List.of(), Map.of()));
        InferenceRequest read = ProtobufWireCodec.requests().decodeFromWire(FRAME_HEADER.length(), frame);

        frame.setIntLE(frame.length() - 4, 6);

        assertEquals(6, read.inputs().getFirst().data().getInt(0));
    }
}

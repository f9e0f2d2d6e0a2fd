package io.infergate.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InferResponseEncoderTest {

    private static Tensor fp32(String name, float... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            data.putFloat(v);
        }
        return new Tensor(name, DataType.FP32, new long[] {values.length}, data.flip());
    }

    private static InferenceResponse response(Tensor... outputs) {
        return new InferenceResponse("r1", "m", "1", List.of(outputs), Map.of());
    }

    @Test
    void jsonOutputsCarryTheirData() {
        InferResponseEncoder.Encoded encoded = InferResponseEncoder.encode(response(fp32("OUT", 1.5f, -2f)),
                OutputFormat.JSON);
        assertFalse(encoded.binary());
        JsonObject json = encoded.body().toJsonObject();
        assertEquals("m", json.getString("model_name"));
        assertEquals("1", json.getString("model_version"));
        assertEquals("r1", json.getString("id"));
        JsonObject out = json.getJsonArray("outputs").getJsonObject(0);
        assertEquals("FP32", out.getString("datatype"));
        assertEquals(1.5, out.getJsonArray("data").getDouble(0));
        assertEquals(-2.0, out.getJsonArray("data").getDouble(1));
    }

    @Test
    void binaryOutputsFollowTheJsonHeader() {
        InferResponseEncoder.Encoded encoded = InferResponseEncoder.encode(response(fp32("OUT", 3f)),
                OutputFormat.BINARY);
        assertTrue(encoded.binary());
        Buffer body = encoded.body();
        JsonObject header = body.slice(0, encoded.jsonLength()).toJsonObject();
        JsonObject out = header.getJsonArray("outputs").getJsonObject(0);
        assertEquals(4, out.getJsonObject("parameters").getInteger("binary_data_size"));
        assertFalse(out.containsKey("data"));
        assertEquals(3f, body.getFloatLE(encoded.jsonLength()));
        assertEquals(encoded.jsonLength() + 4, body.length());
    }

    @Test
    void bytesOutputsAreJsonStrings() {
        Tensor strings = new Tensor("S", DataType.BYTES, new long[] {2}, BytesElements.fromStrings("a\"b", "0.9:3:cat"));
        JsonObject json = InferResponseEncoder.encode(response(strings), OutputFormat.JSON).body().toJsonObject();
        assertEquals("a\"b", json.getJsonArray("outputs").getJsonObject(0).getJsonArray("data").getString(0));
        assertEquals("0.9:3:cat", json.getJsonArray("outputs").getJsonObject(0).getJsonArray("data").getString(1));
    }

    @Test
    void uint64OutputsAreUnsigned() {
        ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).flip();
        Tensor t = new Tensor("U", DataType.UINT64, new long[] {1}, data);
        String json = InferResponseEncoder.encode(response(t), OutputFormat.JSON).body().toString();
        assertTrue(json.contains("[18446744073709551615]"), json);
    }

    @Test
    void emptyIdIsLeftOut() {
        InferenceResponse r = new InferenceResponse("", "m", "1", List.of(fp32("OUT", 1f)), Map.of());
        assertFalse(InferResponseEncoder.encode(r, OutputFormat.JSON).body().toJsonObject().containsKey("id"));
    }
}

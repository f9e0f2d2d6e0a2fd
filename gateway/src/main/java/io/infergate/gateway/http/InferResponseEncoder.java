package io.infergate.gateway.http;

import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.Tensor;
import io.infergate.gateway.netty.NettyBuffers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Encodes an {@link InferenceResponse} as KServe v2 JSON, with outputs the client asked for as
 * binary placed after the JSON (binary tensor data extension). Binary tensors are not copied:
 * the body is a composite of the JSON bytes and views of the output buffers. Outputs written into
 * shared memory are described by their region parameters only.
 */
public final class InferResponseEncoder {
    private InferResponseEncoder() {
    }

    /**
     * @param body       the whole response body
     * @param jsonLength length of its JSON part (the Inference-Header-Content-Length value)
     * @param binary     whether any output is binary (then the body is not plain JSON)
     */
    record Encoded(Buffer body, int jsonLength, boolean binary) {
    }

    static Encoded encode(InferenceResponse response, OutputFormat format) {
        return encode(response, format, Map.of());
    }

    /**
     * @param inRegions outputs written into shared memory, with the parameters that say where:
     *                  their entries carry those parameters and no data
     */
    static Encoded encode(InferenceResponse response, OutputFormat format, Map<String, Map<String, Object>> inRegions) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"model_name\":");
        JsonText.string(json, response.modelName());
        json.append(",\"model_version\":");
        JsonText.string(json, response.modelVersion());
        if (response.id() != null && !response.id().isEmpty()) {
            json.append(",\"id\":");
            JsonText.string(json, response.id());
        }
        if (!response.parameters().isEmpty()) {
            json.append(",\"parameters\":");
            JsonText.parameters(json, response.parameters());
        }
        json.append(",\"outputs\":[");
        List<ByteBuffer> binaries = new ArrayList<>();
        String separator = "";
        for (Tensor output : response.outputs()) {
            json.append(separator);
            separator = ",";
            json.append("{\"name\":");
            JsonText.string(json, output.name());
            json.append(",\"datatype\":\"").append(output.dataType().name()).append("\",\"shape\":[");
            long[] shape = output.shape();
            for (int i = 0; i < shape.length; i++) {
                json.append(i == 0 ? "" : ",").append(shape[i]);
            }
            json.append(']');
            Map<String, Object> region = inRegions.get(output.name());
            if (region != null) {
                json.append(",\"parameters\":");
                JsonText.parameters(json, region);
            } else if (format.binary(output.name())) {
                json.append(",\"parameters\":{\"binary_data_size\":").append(output.byteSize()).append('}');
                binaries.add(output.bytes());
            } else {
                json.append(",\"data\":");
                writeData(json, output);
            }
            json.append('}');
        }
        json.append("]}");
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        if (binaries.isEmpty()) {
            return new Encoded(Buffer.buffer(header), header.length, false);
        }
        CompositeByteBuf body = Unpooled.compositeBuffer(binaries.size() + 1);
        body.addComponent(true, Unpooled.wrappedBuffer(header));
        for (ByteBuffer binary : binaries) {
            if (binary.hasRemaining()) {
                body.addComponent(true, Unpooled.wrappedBuffer(binary));
            }
        }
        return new Encoded(NettyBuffers.buffer((ByteBuf) body), header.length, true);
    }

    /** A tensor's elements as a flat JSON array (also what trace files show of a tensor). */
    public static void writeData(StringBuilder json, Tensor tensor) {
        ByteBuffer data = tensor.bytes();
        json.append('[');
        if (!tensor.dataType().isFixedSize()) {
            String[] strings = BytesElements.toStrings(data);
            for (int i = 0; i < strings.length; i++) {
                json.append(i == 0 ? "" : ",");
                JsonText.string(json, strings[i]);
            }
            json.append(']');
            return;
        }
        int count = data.remaining() / tensor.dataType().byteSize();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                json.append(',');
            }
            switch (tensor.dataType()) {
                case BOOL -> json.append(data.get() != 0);
                case INT8 -> json.append(data.get());
                case INT16 -> json.append(data.getShort());
                case INT32 -> json.append(data.getInt());
                case INT64 -> json.append(data.getLong());
                case UINT8 -> json.append(Byte.toUnsignedInt(data.get()));
                case UINT16 -> json.append(Short.toUnsignedInt(data.getShort()));
                case UINT32 -> json.append(Integer.toUnsignedLong(data.getInt()));
                case UINT64 -> json.append(Long.toUnsignedString(data.getLong()));
                case FP16 -> JsonText.number(json, Float.float16ToFloat(data.getShort()));
                case BF16 -> JsonText.number(json, Float.intBitsToFloat(data.getShort() << 16));
                case FP32 -> JsonText.number(json, data.getFloat());
                case FP64 -> JsonText.number(json, data.getDouble());
                default -> throw new IllegalStateException("not a fixed-size type: " + tensor.dataType());
            }
        }
        json.append(']');
    }
}

package io.infergate.perf.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/**
 * A KServe v2 HTTP request body: all JSON, or a JSON header followed by the tensors' bytes (the
 * binary tensor extension), asking for binary outputs too so the reply is as cheap to read.
 *
 * @param headerLength length of the JSON header of a binary body, -1 for an all-JSON body
 */
public record HttpInferBody(Buffer body, int headerLength) {

    public static HttpInferBody encode(List<InputTensor> inputs, boolean binary, SequenceStep step) {
        JsonArray json = new JsonArray();
        Buffer tail = Buffer.buffer();
        for (InputTensor input : inputs) {
            JsonObject tensor = new JsonObject().put("name", input.name()).put("datatype", input.datatype())
                    .put("shape", new JsonArray(Arrays.stream(input.shape()).boxed().toList()));
            if (binary) {
                tensor.put("parameters", new JsonObject().put("binary_data_size", input.data().length));
                tail.appendBytes(input.data());
            } else {
                tensor.put("data", TensorValues.toJson(input.datatype(), input.data()));
            }
            json.add(tensor);
        }
        JsonObject parameters = new JsonObject();
        if (binary) {
            parameters.put("binary_data_output", true);
        }
        if (step.inSequence()) {
            parameters.put("sequence_id", step.id()).put("sequence_start", step.start())
                    .put("sequence_end", step.end());
        }
        JsonObject request = new JsonObject().put("inputs", json);
        if (!parameters.isEmpty()) {
            request.put("parameters", parameters);
        }
        Buffer header = request.toBuffer();
        int headerLength = header.length();
        return binary ? new HttpInferBody(header.appendBuffer(tail), headerLength) : new HttpInferBody(header, -1);
    }

    public String contentType() {
        return headerLength < 0 ? "application/json" : "application/octet-stream";
    }
}

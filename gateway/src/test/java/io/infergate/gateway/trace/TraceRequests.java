package io.infergate.gateway.trace;

import io.infergate.gateway.kserve.proto.InferParameter;
import io.infergate.gateway.kserve.proto.InferTensorContents;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferInputTensor;

/** gRPC requests the trace tests send to the models of {@link TraceTestServer}. */
final class TraceRequests {
    private TraceRequests() {
    }

    /** {@code id}: one FP32 value. */
    static ModelInferRequest identity(String requestId, float value) {
        return ModelInferRequest.newBuilder().setModelName("id").setId(requestId).addInputs(InferInputTensor
                .newBuilder().setName("INPUT0").setDatatype("FP32").addShape(1)
                .setContents(InferTensorContents.newBuilder().addFp32Contents(value))).build();
    }

    /**
     * {@code repeat_int32}: one response per value, without delays, and (as Triton's clients ask for it)
     * an empty response with the final flag after the last.
     */
    static ModelInferRequest repeat(String requestId, int... values) {
        InferTensorContents.Builder in = InferTensorContents.newBuilder();
        InferTensorContents.Builder delays = InferTensorContents.newBuilder();
        for (int value : values) {
            in.addIntContents(value);
            delays.addUintContents(0);
        }
        return ModelInferRequest.newBuilder().setModelName("repeat_int32").setId(requestId)
                .addInputs(InferInputTensor.newBuilder().setName("IN").setDatatype("INT32").addShape(values.length)
                        .setContents(in))
                .addInputs(InferInputTensor.newBuilder().setName("DELAY").setDatatype("UINT32")
                        .addShape(values.length).setContents(delays))
                .addInputs(InferInputTensor.newBuilder().setName("WAIT").setDatatype("UINT32").addShape(1)
                        .setContents(InferTensorContents.newBuilder().addUintContents(0)))
                .putParameters("triton_enable_empty_final_response", InferParameter.newBuilder().setBoolParam(true)
                        .build())
                .build();
    }
}

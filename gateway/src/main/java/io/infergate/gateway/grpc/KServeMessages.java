package io.infergate.gateway.grpc;

import com.google.protobuf.UnsafeByteOperations;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.infergate.gateway.grpc.proto.ModelInferRequest;
import io.infergate.gateway.grpc.proto.ModelInferRequest.InferInputTensor;
import io.infergate.gateway.grpc.proto.ModelInferRequest.InferRequestedOutputTensor;
import io.infergate.gateway.grpc.proto.ModelInferResponse;
import io.infergate.gateway.grpc.proto.ModelInferResponse.InferOutputTensor;
import io.infergate.gateway.protocol.Classification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The engine's requests and responses as KServe protobuf messages and back, for whoever else
 * carries them (the cluster's event-bus codec). Reading a request and writing a response are the
 * gRPC frontend's own conversions; the two other directions are their mirror images. Tensor data
 * always travels in the raw contents.
 */
public final class KServeMessages {
    private KServeMessages() {
    }

    public static ModelInferRequest toMessage(InferenceRequest request) {
        ModelInferRequest.Builder message = ModelInferRequest.newBuilder()
                .setId(request.id())
                .setModelName(request.modelName())
                .setModelVersion(request.modelVersion());
        request.parameters().forEach((key, value) -> message.putParameters(key, InferParameters.of(value)));
        for (Tensor input : request.inputs()) {
            InferInputTensor.Builder tensor = InferInputTensor.newBuilder()
                    .setName(input.name())
                    .setDatatype(input.dataType().name());
            for (long dim : input.shape()) {
                tensor.addShape(dim);
            }
            message.addInputs(tensor);
            message.addRawInputContents(UnsafeByteOperations.unsafeWrap(input.bytes()));
        }
        for (RequestedOutput output : request.requestedOutputs()) {
            InferRequestedOutputTensor.Builder requested = InferRequestedOutputTensor.newBuilder().setName(output.name());
            output.parameters().forEach((key, value) -> requested.putParameters(key, InferParameters.of(value)));
            if (output.classificationCount() > 0) {
                requested.putParameters(Classification.PARAMETER, InferParameters.of((long) output.classificationCount()));
            }
            message.addOutputs(requested);
        }
        return message.build();
    }

    /** Reads a request with the gRPC frontend's rules: a bad message fails with INVALID_ARG. */
    public static InferenceRequest fromMessage(ModelInferRequest message) {
        return InferRequestReader.read(message).request();
    }

    public static ModelInferResponse toMessage(InferenceResponse response) {
        return InferResponseWriter.write(response, Map.of());
    }

    public static InferenceResponse fromMessage(ModelInferResponse message) {
        List<Tensor> outputs = new ArrayList<>(message.getOutputsCount());
        for (int i = 0; i < message.getOutputsCount(); i++) {
            InferOutputTensor output = message.getOutputs(i);
            long[] shape = output.getShapeList().stream().mapToLong(Long::longValue).toArray();
            outputs.add(new Tensor(output.getName(), DataType.fromProtocolName(output.getDatatype()), shape,
                    message.getRawOutputContents(i).asReadOnlyByteBuffer()));
        }
        return new InferenceResponse(message.getId(), message.getModelName(), message.getModelVersion(), outputs,
                InferParameters.toValues(message.getParametersMap(), "response"));
    }
}

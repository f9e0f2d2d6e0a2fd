package io.infergate.gateway.grpc;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.api.SharedMemoryRegions;
import io.infergate.engine.api.Status;
import io.infergate.gateway.grpc.GrpcErrors.GrpcFailure;
import io.infergate.gateway.kserve.InferParameters;
import io.infergate.gateway.kserve.InferRequestReader;
import io.infergate.gateway.kserve.InferRequestReader.ReadRequest;
import io.infergate.gateway.kserve.InferResponseWriter;
import io.infergate.gateway.kserve.proto.InferParameter;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferResponse;
import io.infergate.gateway.kserve.proto.ModelStreamInferResponse;
import io.infergate.gateway.protocol.RequestRegions;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code ModelStreamInfer} stream: many requests, answered in completion order. Everything
 * runs on the stream's event loop (the engine calls sinks back on the caller's context).
 *
 * <p>Flow control: requests in flight plus responses not yet written out are bounded by the
 * queue size; at the bound the stream stops reading requests, so a slow reader slows its own
 * stream only. A decoupled model can still answer one request many times; if responses pile up
 * beyond the bound the stream ends with RESOURCE_EXHAUSTED and its work is cancelled. A client
 * that cancels or disconnects cancels every request still queued.
 */
final class StreamInferCall {
    /** Client metadata asking for errors as the stream's gRPC status instead of error_message. */
    static final String GRPC_ERROR_HEADER = "triton_grpc_error";
    static final String FINAL_RESPONSE = "triton_final_response";
    private static final Map<String, InferParameter> FINAL = Map.of(FINAL_RESPONSE, InferParameters.of(true));
    private static final Map<String, InferParameter> NOT_FINAL = Map.of(FINAL_RESPONSE, InferParameters.of(false));

    private final InferenceEngine inference;
    private final ModelCatalog models;
    private final SharedMemoryRegions sharedMemory;
    private final GrpcServerRequest<ModelInferRequest, ModelStreamInferResponse> call;
    private final BoundedMessages messages;
    private final int queueSize;
    private final long maxMessageSize;
    private final boolean errorsEndStream;
    private final Set<Cancellation> inFlight = new HashSet<>();
    private int unwritten;
    private boolean paused;
    private boolean inputEnded;
    private boolean ended;
    private Compression compression = Compression.NONE;

    StreamInferCall(InferenceEngine inference, ModelCatalog models, SharedMemoryRegions sharedMemory,
            GrpcServerRequest<ModelInferRequest, ModelStreamInferResponse> call, GrpcSettings settings) {
        this.inference = inference;
        this.models = models;
        this.sharedMemory = sharedMemory;
        this.call = call;
        this.messages = new BoundedMessages(settings.options().maxMessageSize());
        this.queueSize = settings.options().streamQueueSize();
        this.maxMessageSize = settings.options().maxMessageSize();
        this.errorsEndStream = "true".equalsIgnoreCase(call.headers().get(GRPC_ERROR_HEADER));
    }

    void start() {
        compression = Compression.choose(call);
        call.messageHandler(this::onFrame);
        call.endHandler(v -> {
            inputEnded = true;
            endIfDone();
        });
        call.exceptionHandler(e -> cancelAll());
        call.errorHandler(e -> cancelAll());
        call.response().drainHandler(v -> adjustFlow());
    }

    private void onFrame(GrpcMessage frame) {
        if (ended) {
            return;
        }
        ModelInferRequest message;
        try {
            message = messages.parse(frame, ModelInferRequest.parser());
        } catch (GrpcFailure e) {
            // an undecodable frame names no request to answer: the stream itself is broken
            finish(e.status(), e.getMessage());
            return;
        }
        ReadRequest read;
        boolean decoupled;
        // the regions this request's outputs go to stay held until its last answer
        RequestRegions regions = new RequestRegions(sharedMemory);
        try {
            read = InferRequestReader.read(message, regions);
            decoupled = read.emptyFinalResponse() && isDecoupled(read.request());
        } catch (RuntimeException e) {
            regions.close();
            requestFailed(message.getId(), message.getModelName(), message.getModelVersion(), e);
            return;
        }
        Cancellation cancellation = Cancellation.create();
        inFlight.add(cancellation);
        adjustFlow();
        inference.inferStream(read.request(), cancellation,
                new Sink(read.request(), cancellation, read.emptyFinalResponse(), decoupled, regions));
    }

    private boolean isDecoupled(InferenceRequest request) {
        return models.config(request.modelName(), request.modelVersion()).getModelTransactionPolicy().getDecoupled();
    }

    /** Triton's final flag: on every response of a decoupled model (then an empty final one), on the only one otherwise. */
    private final class Sink implements ResponseSink {
        private final InferenceRequest request;
        private final Cancellation cancellation;
        private final boolean finalFlags;
        private final boolean decoupled;
        private final RequestRegions regions;

        Sink(InferenceRequest request, Cancellation cancellation, boolean finalFlags, boolean decoupled,
                RequestRegions regions) {
            this.request = request;
            this.cancellation = cancellation;
            this.finalFlags = finalFlags;
            this.decoupled = decoupled;
            this.regions = regions;
        }

        @Override
        public void response(InferenceResponse response) {
            Map<String, InferParameter> flag = !finalFlags ? Map.of() : decoupled ? NOT_FINAL : FINAL;
            ModelInferResponse message;
            try {
                message = InferResponseWriter.write(response, flag, regions.writeOutputs(response));
            } catch (InferenceException e) {
                requestFailed(response.id(), response.modelName(), response.modelVersion(), e);
                return;
            }
            write(ModelStreamInferResponse.newBuilder().setInferResponse(message).build());
        }

        @Override
        public void complete() {
            regions.close();
            inFlight.remove(cancellation);
            if (finalFlags && decoupled) {
                write(ModelStreamInferResponse.newBuilder().setInferResponse(InferResponseWriter.header(request.id(),
                        request.modelName(), request.modelVersion()).putAllParameters(FINAL)).build());
            }
            adjustFlow();
            endIfDone();
        }

        @Override
        public void fail(InferenceException error) {
            regions.close();
            inFlight.remove(cancellation);
            requestFailed(request.id(), request.modelName(), request.modelVersion(), error);
            adjustFlow();
            endIfDone();
        }
    }

    private void requestFailed(String id, String model, String version, RuntimeException failure) {
        if (errorsEndStream) {
            InferenceException e = InferenceException.of(failure);
            finish(GrpcErrors.code(e.status()), e.getMessage());
            return;
        }
        write(ModelStreamInferResponse.newBuilder()
                .setErrorMessage(InferenceException.of(failure).getMessage())
                .setInferResponse(InferResponseWriter.header(id, model, version))
                .build());
    }

    private void write(ModelStreamInferResponse response) {
        if (ended) {
            return;
        }
        if (response.getSerializedSize() > maxMessageSize) {
            ModelInferResponse answered = response.getInferResponse();
            requestFailed(answered.getId(), answered.getModelName(), answered.getModelVersion(),
                    new InferenceException(Status.INTERNAL, "response of "
                            + response.getSerializedSize() + " bytes is larger than the limit of " + maxMessageSize
                            + " bytes (--grpc-max-message-size)"));
            return;
        }
        if (unwritten >= queueSize) {
            finish(GrpcStatus.RESOURCE_EXHAUSTED, "more than " + queueSize
                    + " responses wait for a client that does not read them (--grpc-stream-queue-size)");
            return;
        }
        unwritten++;
        compression.write(call.response(), response).onComplete(done -> {
            unwritten--;
            adjustFlow();
        });
    }

    /** Reads more requests only while the stream has room for their work and their answers. */
    private void adjustFlow() {
        if (ended) {
            return;
        }
        boolean full = inFlight.size() + unwritten >= queueSize || call.response().writeQueueFull();
        if (full && !paused) {
            paused = true;
            call.pause();
        } else if (!full && paused) {
            paused = false;
            call.resume();
        }
    }

    private void endIfDone() {
        if (inputEnded && inFlight.isEmpty() && !ended) {
            ended = true;
            call.response().end().onFailure(e -> { });
        }
    }

    private void finish(GrpcStatus status, String message) {
        cancelAll();
        GrpcErrors.end(call.response(), status, message);
    }

    private void cancelAll() {
        ended = true;
        List<Cancellation> withdrawn = List.copyOf(inFlight);
        inFlight.clear();
        withdrawn.forEach(Cancellation::cancel);
    }
}

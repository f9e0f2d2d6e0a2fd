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
import io.infergate.engine.trace.RequestTrace;
import io.infergate.engine.trace.TracePoint;
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
import io.infergate.gateway.trace.Tracing;
import io.vertx.core.Future;
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
 *
 * <p>A request sampled for tracing is traced as a unary one: from the time the stream began
 * waiting for it (Triton's GRPC_WAITREAD_START) through the engine to the sending of each of its
 * responses (GRPC_SEND_START/END per response); its trace ends once its last response is sent.
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
    private final Tracing tracing;
    /** When the stream began waiting for its next request; read only while anything is traced, else 0. */
    private long waitingSince;
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
        this.tracing = settings.tracing();
    }

    void start() {
        waitingSince = tracing.active() ? System.nanoTime() : 0;
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
        long waitStart = waitingSince;
        long arrived = tracing.active() ? System.nanoTime() : 0;
        waitingSince = arrived;
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
            requestFailed(message.getId(), message.getModelName(), message.getModelVersion(), e, null);
            return;
        }
        RequestTrace trace = arrived == 0 ? null : sample(message, waitStart == 0 ? arrived : waitStart, arrived);
        InferenceRequest request = trace == null ? read.request() : read.request().withTrace(trace);
        Cancellation cancellation = Cancellation.create();
        inFlight.add(cancellation);
        adjustFlow();
        inference.inferStream(request, cancellation,
                new Sink(request, cancellation, read.emptyFinalResponse(), decoupled, regions));
    }

    /** The trace of a request, when it is one to trace, marked from the time the stream began waiting for it. */
    private RequestTrace sample(ModelInferRequest message, long waitStart, long arrived) {
        RequestTrace trace = tracing.sample(message.getModelName());
        if (trace != null) {
            trace.model(message.getModelName(), message.getModelVersion(), message.getId());
            trace.remoteContext(call.headers().get(UnaryCalls.TRACEPARENT));
            trace.record(TracePoint.GRPC_WAITREAD_START, waitStart);
            trace.record(TracePoint.GRPC_WAITREAD_END, arrived);
        }
        return trace;
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
        /** The write of this request's latest response (or error), null before the first: its trace ends after it. */
        private Future<Void> lastSent;

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
                lastSent = requestFailed(response.id(), response.modelName(), response.modelVersion(), e,
                        request.trace());
                return;
            }
            lastSent = write(ModelStreamInferResponse.newBuilder().setInferResponse(message).build(), request.trace());
        }

        @Override
        public void complete() {
            regions.close();
            inFlight.remove(cancellation);
            if (finalFlags && decoupled) {
                lastSent = write(ModelStreamInferResponse.newBuilder().setInferResponse(InferResponseWriter.header(
                        request.id(), request.modelName(), request.modelVersion()).putAllParameters(FINAL)).build(),
                        request.trace());
            }
            endTrace();
            adjustFlow();
            endIfDone();
        }

        @Override
        public void fail(InferenceException error) {
            regions.close();
            inFlight.remove(cancellation);
            lastSent = requestFailed(request.id(), request.modelName(), request.modelVersion(), error,
                    request.trace());
            endTrace();
            adjustFlow();
            endIfDone();
        }

        /** A traced request's trace ends once its last response is sent (or could not be). */
        private void endTrace() {
            RequestTrace trace = request.trace();
            if (trace != null && lastSent == null) {
                trace.end();
            } else if (trace != null) {
                lastSent.onComplete(sent -> trace.end());
            }
        }
    }

    /** Answers a failed request on the stream (or ends the stream, as its client asked); done when written. */
    private Future<Void> requestFailed(String id, String model, String version, RuntimeException failure,
            RequestTrace trace) {
        if (errorsEndStream) {
            InferenceException e = InferenceException.of(failure);
            finish(GrpcErrors.code(e.status()), e.getMessage());
            return Future.succeededFuture();
        }
        return write(ModelStreamInferResponse.newBuilder()
                .setErrorMessage(InferenceException.of(failure).getMessage())
                .setInferResponse(InferResponseWriter.header(id, model, version))
                .build(), trace);
    }

    /** Writes a response of a request (traced: {@code trace}, else null); done when written, or dropped. */
    private Future<Void> write(ModelStreamInferResponse response, RequestTrace trace) {
        if (ended) {
            return Future.succeededFuture();
        }
        if (response.getSerializedSize() > maxMessageSize) {
            ModelInferResponse answered = response.getInferResponse();
            return requestFailed(answered.getId(), answered.getModelName(), answered.getModelVersion(),
                    new InferenceException(Status.INTERNAL, "response of "
                            + response.getSerializedSize() + " bytes is larger than the limit of " + maxMessageSize
                            + " bytes (--grpc-max-message-size)"), trace);
        }
        if (unwritten >= queueSize) {
            finish(GrpcStatus.RESOURCE_EXHAUSTED, "more than " + queueSize
                    + " responses wait for a client that does not read them (--grpc-stream-queue-size)");
            return Future.succeededFuture();
        }
        unwritten++;
        Future<Void> sent = trace == null ? compression.write(call.response(), response)
                : trace.sending(TracePoint.GRPC_SEND_START, TracePoint.GRPC_SEND_END,
                        () -> compression.write(call.response(), response));
        return sent.onComplete(done -> {
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

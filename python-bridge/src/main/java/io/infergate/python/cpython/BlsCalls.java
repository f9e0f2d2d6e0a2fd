package io.infergate.python.cpython;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.api.Status;
import io.infergate.engine.tensor.Tensor;
import io.infergate.engine.trace.RequestTrace;
import io.infergate.python.HostRequest;
import io.infergate.python.PythonErrors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * BLS requests from a stub's model into the engine, like any frontend's. The stub writes a
 * request's inputs into a shared region of their own and waits until this side has read them;
 * the answers go back over the control socket, each message followed by its tensors' bytes, in
 * order, from a thread of their own (so no engine thread waits on a stub that does not read).
 */
final class BlsCalls implements AutoCloseable {
    private final String modelName;
    private final InferenceEngine engine;
    private final SharedRegion region;
    private final StubSocket control;
    private final ExecutorService replies = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());

    /** @param engine where the requests go; null when the model runs outside an engine */
    BlsCalls(String modelName, InferenceEngine engine, SharedRegion region, StubSocket control) {
        this.modelName = modelName;
        this.engine = engine;
        this.region = region;
        this.control = control;
    }

    SharedRegion region() {
        return region;
    }

    /**
     * Starts the request an {@code infer} message describes. Its inputs are read before this
     * returns: the stub may then reuse the region.
     *
     * @throws ProtocolViolation for a message or inputs the protocol does not allow
     */
    /**
     * @param tracedFor the request whose {@code trace()} the BLS request was made with, or null:
     *                  traced, the BLS request is traced as its child
     */
    void start(StubMessage message, HostRequest tracedFor) throws ProtocolViolation, IOException {
        long id = message.id();
        List<Tensor> inputs = region.readTensors(message.objects("inputs"));
        List<RequestedOutput> outputs = message.texts("requested").stream().map(RequestedOutput::named).toList();
        Map<String, Object> parameters = new HashMap<>(message.object("parameters").getMap());
        long timeoutMicros = message.whole("timeout", Long.MAX_VALUE);
        if (timeoutMicros > 0) {
            parameters.put("timeout", timeoutMicros);
        }
        RequestTrace trace = tracedFor == null ? null : tracedFor.childTrace();
        Sink sink = new Sink(id, trace);
        if (engine == null) {
            sink.fail(new InferenceException(Status.UNAVAILABLE, "model '" + modelName
                    + "' runs outside an engine and cannot call other models"));
            return;
        }
        try {
            engine.inferStream(new InferenceRequest(message.text("request_id"), message.text("model"),
                    message.text("version"), inputs, outputs, parameters, trace), Cancellation.NONE, sink);
        } catch (RuntimeException e) {
            sink.fail(InferenceException.of(e));
        }
    }

    /** The answers of one request, sent to the stub in the order they come. */
    private final class Sink implements ResponseSink {
        private final long id;
        private final RequestTrace trace;

        Sink(long id, RequestTrace trace) {
            this.id = id;
            this.trace = trace;
        }

        @Override
        public void response(InferenceResponse response) {
            List<ByteBuffer> payload = response.outputs().stream().map(Tensor::bytes).toList();
            JsonArray tensors = new JsonArray();
            for (Tensor tensor : response.outputs()) {
                tensors.add(new JsonObject().put("name", tensor.name()).put("datatype", tensor.dataType().name())
                        .put("shape", new JsonArray(Arrays.stream(tensor.shape()).boxed().toList()))
                        .put("size", tensor.byteSize()));
            }
            send(new JsonObject().put("op", "bls_reply").put("id", id).put("tensors", tensors)
                    .put("parameters", new JsonObject(response.parameters())), payload);
        }

        @Override
        public void complete() {
            if (trace != null) {
                trace.end();
            }
            send(new JsonObject().put("op", "bls_end").put("id", id), List.of());
        }

        @Override
        public void fail(InferenceException error) {
            send(new JsonObject().put("op", "bls_reply").put("id", id).put("tensors", new JsonArray())
                    .put("code", PythonErrors.code(error.status())).put("message", error.getMessage()), List.of());
            complete();
        }

        private void send(JsonObject message, List<ByteBuffer> payload) {
            try {
                replies.execute(() -> {
                    try {
                        control.send(message, payload);
                    } catch (IOException e) {
                        // the stub is gone; its model will not ask again
                    }
                });
            } catch (RejectedExecutionException e) {
                // the stub was released
            }
        }
    }

    @Override
    public void close() throws IOException {
        replies.shutdownNow();
        region.close();
    }
}

package io.infergate.python.cpython;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.infergate.engine.backend.ParameterizedOutputs;
import io.infergate.engine.backend.ResponseSender;
import io.infergate.engine.tensor.Tensor;
import io.infergate.python.HostRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The responses of a decoupled model's requests, from any of its threads, while execute runs or
 * after it returned. The stub writes one response at a time into a shared region of its own and
 * waits until this side has read it and acknowledged: a request's inputs, in the other region,
 * never meet a response still being read. Only requests still open may be answered.
 */
final class StreamedResponses implements AutoCloseable {
    private final SharedRegion region;
    private final Map<Long, Open> open = new ConcurrentHashMap<>();

    /** A request still streaming: where its responses go, and what the model may ask about it. */
    private record Open(ResponseSender sender, HostRequest request) {
    }

    StreamedResponses(SharedRegion region) {
        this.region = region;
    }

    SharedRegion region() {
        return region;
    }

    /** Opens request {@code id}: its responses go to this sender. */
    void open(long id, ResponseSender sender, HostRequest request) {
        open.put(id, new Open(sender, request));
    }

    /** Request {@code id} while it streams; null once it ended. */
    HostRequest request(long id) {
        Open request = open.get(id);
        return request == null ? null : request.request();
    }

    static boolean isResponse(String op) {
        return op.startsWith("response");
    }

    /**
     * Hands one of the stub's response messages to its request's sender; the stub may reuse the
     * region once this returns.
     *
     * @throws ProtocolViolation for a request that is not open, or a message or outputs the protocol does not allow
     */
    void accept(StubMessage message) throws ProtocolViolation, IOException {
        long id = message.id();
        Open request = open.get(id);
        if (request == null) {
            throw new ProtocolViolation("a '" + message.op() + "' message for request " + id + ", which is not open");
        }
        ResponseSender sender = request.sender();
        switch (message.op()) {
            case "response" -> {
                List<Tensor> outputs = ParameterizedOutputs.of(region.readTensors(message.objects("outputs")),
                        message.parameters("parameters"));
                boolean last = message.flag("final");
                deliver(id, sender, last, () -> sender.send(outputs, last));
            }
            case "response_finish" -> deliver(id, sender, true, sender::finish);
            case "response_error" -> {
                InferenceException error = message.error();
                deliver(id, sender, true, () -> sender.fail(error));
            }
            default -> throw new ProtocolViolation("a '" + message.op() + "' message");
        }
    }

    /** Runs what the stub asked for; outputs the engine refuses (not in the configuration...) fail the request. */
    private void deliver(long id, ResponseSender sender, boolean last, Runnable action) {
        if (last) {
            open.remove(id);
        }
        try {
            action.run();
        } catch (RuntimeException e) {
            open.remove(id);
            sender.fail(InferenceException.of(e));
        }
    }

    /** Ends every open request with this error: the stub is gone. */
    void failAll(Status status, String message) {
        for (Long id : List.copyOf(open.keySet())) {
            Open request = open.remove(id);
            if (request != null) {
                request.sender().fail(new InferenceException(status, message));
            }
        }
    }

    @Override
    public void close() throws IOException {
        region.close();
    }
}

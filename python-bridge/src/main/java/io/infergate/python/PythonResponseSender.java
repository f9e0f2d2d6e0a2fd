package io.infergate.python;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.backend.ResponseSender;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * The engine's response sender as a decoupled model's Python code uses it, from any thread, while
 * execute runs or after it returned. An error response ends the request with that error.
 */
public final class PythonResponseSender {
    private final ResponseSender sender;

    PythonResponseSender(ResponseSender sender) {
        this.sender = sender;
    }

    /** Sends (name, datatype, shape, bytes, storage) tuples as one response. */
    @HostAccess.Export
    public void send(Value tensors, boolean last) {
        sender.send(PythonTensors.fromPython(tensors), last);
    }

    @HostAccess.Export
    public void finish() {
        sender.finish();
    }

    @HostAccess.Export
    public void fail(int code, String message) {
        sender.fail(new InferenceException(PythonErrors.status(code), message));
    }
}

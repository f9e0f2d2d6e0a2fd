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

    /** Sends (name, datatype, shape, bytes, storage) tuples and the response parameters (JSON) as one response. */
    @HostAccess.Export
    public void send(Value tensors, String parametersJson, boolean last) {
        sender.send(PythonTensors.fromPython(tensors, parametersJson), last);
    }

    /**
     * Runs the request again in a later execute call once this one returns
     * (TRITONSERVER_REQUEST_RELEASE_RESCHEDULE).
     *
     * @return null, or why the request cannot be rescheduled
     */
    @HostAccess.Export
    public String reschedule() {
        try {
            sender.reschedule();
            return null;
        } catch (IllegalStateException | UnsupportedOperationException e) {
            return e.getMessage();
        }
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

package io.infergate.python;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.backend.ResponseSender;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * The engine's response sender as a decoupled model's Python code uses it, from any thread. The
 * engine's sender has no error response, so an error sent while {@code execute} runs fails the
 * request when execute returns; one sent later can only end the request (and is logged).
 */
public final class PythonResponseSender {
    private static final System.Logger LOG = System.getLogger(PythonResponseSender.class.getName());

    private final ResponseSender sender;
    private volatile boolean executing = true;
    private volatile InferenceException error;

    PythonResponseSender(ResponseSender sender) {
        this.sender = sender;
    }

    /** Sends (name, datatype, shape, bytes) tuples as one response. */
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
        InferenceException failure = new InferenceException(PythonErrors.status(code), message);
        if (executing) {
            error = failure;
        } else {
            LOG.log(System.Logger.Level.WARNING, "a decoupled Python model sent an error after execute returned; "
                    + "the request ends without it: " + message);
            sender.finish();
        }
    }

    /** Called when execute has returned: the error it sent meanwhile, if any. */
    InferenceException executeReturned() {
        executing = false;
        return error;
    }
}

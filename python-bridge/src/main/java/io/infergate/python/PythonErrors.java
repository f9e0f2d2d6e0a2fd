package io.infergate.python;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/** Turns Python exceptions into engine errors that keep the Python message and traceback. */
public final class PythonErrors {
    // pb_utils.TritonError codes, in order.
    private static final Status[] CODES = {Status.UNKNOWN, Status.INTERNAL, Status.NOT_FOUND, Status.INVALID_ARG,
        Status.UNAVAILABLE, Status.UNSUPPORTED, Status.ALREADY_EXISTS, Status.CANCELLED};

    private PythonErrors() {
    }

    /** The engine status of a pb_utils.TritonError code; INTERNAL for codes it does not have. */
    public static Status status(int code) {
        return code >= 0 && code < CODES.length ? CODES[code] : Status.INTERNAL;
    }

    /** The pb_utils.TritonError code of an engine status. */
    public static int code(Status status) {
        for (int i = 0; i < CODES.length; i++) {
            if (CODES[i] == status) {
                return i;
            }
        }
        return 1;
    }

    /** An error for a failed request: a TritonError keeps its code, anything else is INTERNAL. */
    static InferenceException of(PolyglotException e) {
        Value guest = e.isGuestException() ? e.getGuestObject() : null;
        if (guest != null && guest.canInvokeMember("code") && guest.canInvokeMember("message")) {
            return new InferenceException(status(guest.invokeMember("code").asInt()),
                    guest.invokeMember("message").asString());
        }
        return new InferenceException(Status.INTERNAL, e.getMessage());
    }

    /** Whether Python raised MemoryError (numpy's, when an instance reaches its memory limit). */
    static boolean isMemoryError(PolyglotException e) {
        Value guest = e.isGuestException() ? e.getGuestObject() : null;
        return guest != null && guest.getMetaObject() != null
                && "MemoryError".equals(guest.getMetaObject().getMetaSimpleName());
    }

    /** The Python traceback, innermost call last, as Python prints it. */
    static String traceback(PolyglotException e) {
        StringBuilder out = new StringBuilder("Traceback (most recent call last):\n");
        var frames = new java.util.ArrayList<PolyglotException.StackFrame>();
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (frame.isGuestFrame()) {
                frames.add(frame);
            }
        }
        for (PolyglotException.StackFrame frame : frames.reversed()) {
            out.append("  ").append(frame).append('\n');
        }
        return out.append(e.getMessage()).toString();
    }
}

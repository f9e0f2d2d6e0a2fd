package io.infergate.perf;

/** Bad input or an unusable server: the tool prints the message as one line and exits non-zero. */
public final class PerfException extends RuntimeException {
    public PerfException(String message) {
        super(message);
    }
}

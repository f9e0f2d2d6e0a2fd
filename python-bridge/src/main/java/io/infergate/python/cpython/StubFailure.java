package io.infergate.python.cpython;

import io.infergate.engine.api.Status;

/** A stub that did not start, died, hung or broke the protocol; the message names the model and what happened. */
final class StubFailure extends Exception {
    private final Status status;

    StubFailure(Status status, String message) {
        super(message);
        this.status = status;
    }

    Status status() {
        return status;
    }
}

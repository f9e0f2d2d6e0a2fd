package io.infergate.python.cpython;

/** Something a stub sent that the protocol does not allow: the stub is stopped. */
final class ProtocolViolation extends Exception {
    ProtocolViolation(String message) {
        super(message);
    }
}

package io.infergate.python.cpython;

/** What the reader of a stub's control socket hands on: a message, or the end of the stream. */
sealed interface Incoming permits StubMessage, Incoming.Ended {

    /**
     * The stream ended.
     *
     * @param violation what the stub sent that broke the protocol, or null when it closed the socket (or died)
     */
    record Ended(String violation) implements Incoming {
    }
}

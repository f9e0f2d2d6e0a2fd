package io.infergate.gateway.cluster;

/** What a worker tells the caller about one call, in order: responses, then an end. */
enum CallEvent {
    /** One response; more follow. */
    RESPONSE,
    /** The last response, and with it the end of the call (the usual single answer). */
    FINAL_RESPONSE,
    /** The end of the call, no response with it. */
    COMPLETE,
    /** The call failed: the body is the message, the status header its status. */
    FAIL
}

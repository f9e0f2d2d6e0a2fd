package io.infergate.engine.trace;

/** Triton's trace timestamps, in the order a request passes them. */
public enum TracePoint {
    HTTP_RECV_START,
    HTTP_RECV_END,
    GRPC_WAITREAD_START,
    GRPC_WAITREAD_END,
    REQUEST_START,
    QUEUE_START,
    COMPUTE_START,
    COMPUTE_INPUT_END,
    COMPUTE_OUTPUT_START,
    COMPUTE_END,
    REQUEST_END,
    HTTP_SEND_START,
    HTTP_SEND_END,
    GRPC_SEND_START,
    GRPC_SEND_END
}

package io.infergate.engine.stats;

/** Why a request failed, as Triton's nv_inference_request_failure labels it. */
public enum FailureReason {
    /** Refused by the queue: full, or its timeout expired. */
    REJECTED,
    /** Withdrawn by its client. */
    CANCELED,
    /** The backend failed the execution. */
    BACKEND,
    /** Anything else, such as a request the model's configuration does not accept. */
    OTHER
}

package io.infergate.engine.scheduler.sequence;

import io.infergate.engine.model.PreparedRequest;
import io.vertx.core.eventbus.Message;

/** A request of a sequence, waiting for its turn. */
record SequencedRequest(Message<PreparedRequest> message, SequenceFlags flags, long enqueuedNanos) {

    PreparedRequest prepared() {
        return message.body();
    }
}

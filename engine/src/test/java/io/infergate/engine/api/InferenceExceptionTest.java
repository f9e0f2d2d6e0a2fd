package io.infergate.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.junit.jupiter.api.Test;

class InferenceExceptionTest {

    @Test
    void aReplyFailedWithAStatusCodeReadsBackAsThatStatusAndMessage() {
        InferenceException read = InferenceException.ofReply(
                new ReplyException(ReplyFailure.RECIPIENT_FAILURE, Status.NOT_FOUND.code(), "no such model"), "m");

        assertEquals(Status.NOT_FOUND, read.status());
        assertEquals("no such model", read.getMessage());
    }

    @Test
    void aReplyWithNoHandlerReadsAsTheModelNotReady() {
        InferenceException read = InferenceException.ofReply(
                new ReplyException(ReplyFailure.NO_HANDLERS, "No handlers for address x"), "m");

        assertEquals(Status.UNAVAILABLE, read.status());
        assertEquals("model 'm' is not ready", read.getMessage());
    }

    @Test
    void aReplyTimeoutReadsAsInternalWithVertxMessage() {
        InferenceException read = InferenceException.ofReply(
                new ReplyException(ReplyFailure.TIMEOUT, "Timed out after waiting 5(ms)"), "m");

        assertEquals(Status.INTERNAL, read.status());
        assertEquals("Timed out after waiting 5(ms)", read.getMessage());
    }

    @Test
    void anInferenceExceptionIsKeptAsItIs() {
        InferenceException original = InferenceException.invalid("bad");

        assertSame(original, InferenceException.ofReply(original, "m"));
    }
}

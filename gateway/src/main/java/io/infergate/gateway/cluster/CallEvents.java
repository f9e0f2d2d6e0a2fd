package io.infergate.gateway.cluster;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.trace.RequestTrace;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;

/**
 * A worker's sink that sends one call's answers back to the node that made it. It holds each
 * response until the next event, so a single answer and its completion cross as one message.
 * Sends come from one context, one after another, so they arrive in order. The caller
 * acknowledges the last event; only then has the call ended here, so a worker that leaves waits
 * for its answers to arrive. A traced request's points go with its last event ({@link RemoteTrace}).
 */
final class CallEvents implements ResponseSink {
    /** A caller that does not acknowledge within this time is gone. */
    private static final long ACKNOWLEDGE_TIMEOUT_MS = 10_000;
    private final EventBus bus;
    private final String address;
    private final String callId;
    /** Runs once the caller has acknowledged the last event (or could not be reached). */
    private final Runnable onEnd;
    /** The request's trace here, null when its gateway does not trace it. */
    private final RequestTrace trace;
    /** When the request arrived, read only for a traced one. */
    private final long receivedNanos;
    private InferenceResponse held;

    CallEvents(EventBus bus, String address, String callId, Runnable onEnd, RequestTrace trace) {
        this.bus = bus;
        this.address = address;
        this.callId = callId;
        this.onEnd = onEnd;
        this.trace = trace;
        this.receivedNanos = trace == null ? 0 : System.nanoTime();
    }

    @Override
    public void response(InferenceResponse response) {
        if (held != null) {
            send(CallEvent.RESPONSE, held);
        }
        held = response;
    }

    @Override
    public void complete() {
        if (held != null) {
            send(CallEvent.FINAL_RESPONSE, held);
            held = null;
        } else {
            send(CallEvent.COMPLETE, null);
        }
    }

    @Override
    public void fail(InferenceException error) {
        if (held != null) {
            send(CallEvent.RESPONSE, held);
            held = null;
        }
        DeliveryOptions options = options(CallEvent.FAIL).addHeader(ClusterAddresses.STATUS,
                Integer.toString(error.status().code()));
        bus.request(address, error.getMessage(), options).onComplete(acknowledged -> onEnd.run());
    }

    private void send(CallEvent event, InferenceResponse response) {
        DeliveryOptions options = options(event);
        if (response != null) {
            options.setCodecName(ProtobufWireCodec.RESPONSE);
        }
        if (event == CallEvent.RESPONSE) {
            bus.send(address, response, options);
        } else {
            bus.request(address, response, options).onComplete(acknowledged -> onEnd.run());
        }
    }

    private DeliveryOptions options(CallEvent event) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(ACKNOWLEDGE_TIMEOUT_MS)
                .addHeader(ClusterAddresses.CALL, callId).addHeader(ClusterAddresses.EVENT, event.name());
        if (trace != null && event != CallEvent.RESPONSE) {
            RemoteTrace.attach(trace, receivedNanos, options);
        }
        return options;
    }
}

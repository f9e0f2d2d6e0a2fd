package io.infergate.gateway.http;

import io.infergate.engine.trace.RequestTrace;
import io.infergate.engine.trace.TracePoint;
import io.infergate.gateway.trace.Tracing;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The HTTP frontend's part of a traced request ({@code infer}, {@code generate},
 * {@code generate_stream}): its reading (HTTP_RECV_START/END), the sending of its answers
 * (HTTP_SEND_START/END, once per Server-Sent Event), and its end. Every method takes the null
 * trace of a request not traced and then only does what the request needs anyway.
 */
final class HttpTraces {
    /** The W3C trace context header: a traced request continues the client's trace (OpenTelemetry mode). */
    private static final String TRACEPARENT = "traceparent";

    private HttpTraces() {
    }

    /** The trace of a request that is one to trace (null for most), marked as its body starts to arrive. */
    static RequestTrace sample(Tracing tracing, HttpServerRequest request, String model, String version) {
        RequestTrace trace = tracing.sample(model);
        if (trace != null) {
            trace.model(model, version, "");
            trace.remoteContext(request.getHeader(TRACEPARENT));
            trace.record(TracePoint.HTTP_RECV_START, System.nanoTime());
        }
        return trace;
    }

    /** The request's body has been read. */
    static void received(RequestTrace trace) {
        if (trace != null) {
            trace.record(TracePoint.HTTP_RECV_END, System.nanoTime());
        }
    }

    /** Writes part of the answer (an event), marked as one sending. */
    static Future<Void> write(HttpServerResponse response, String chunk, RequestTrace trace) {
        return trace == null ? response.write(chunk)
                : trace.sending(TracePoint.HTTP_SEND_START, TracePoint.HTTP_SEND_END, () -> response.write(chunk));
    }

    /** Ends the answer with its body, marked as one sending; the trace ends once it is sent. */
    static void endWith(HttpServerResponse response, Buffer body, RequestTrace trace) {
        if (trace == null) {
            response.end(body);
            return;
        }
        trace.sending(TracePoint.HTTP_SEND_START, TracePoint.HTTP_SEND_END, () -> response.end(body))
                .onComplete(sent -> trace.end());
    }

    /** Ends the trace of a request whose answer was sent without marks (an error) or is done. */
    static void end(RequestTrace trace) {
        if (trace != null) {
            trace.end();
        }
    }
}

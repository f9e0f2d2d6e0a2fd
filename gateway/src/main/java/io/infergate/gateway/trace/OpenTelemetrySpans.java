package io.infergate.gateway.trace;

import io.infergate.engine.trace.RequestTrace;
import io.infergate.engine.trace.TracePoint;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Traces as OpenTelemetry spans, exported over OTLP/HTTP (protobuf) in batches by the SDK's own
 * thread, as Triton's opentelemetry mode does: a request is an {@code InferRequest} span (from its
 * first timestamp to its last, every timestamp an event) with a {@code compute} span inside it; an
 * ensemble step's request span is a child of the ensemble's. A client's W3C {@code traceparent}
 * makes the request span a child of the client's span. Tensors are not exported.
 */
final class OpenTelemetrySpans implements TraceDestination {
    private static final Logger LOG = Logger.getLogger(OpenTelemetrySpans.class.getName());
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final AttributeKey<String> MODEL_NAME = AttributeKey.stringKey("triton.model_name");
    private static final AttributeKey<String> MODEL_VERSION = AttributeKey.stringKey("triton.model_version");
    private static final AttributeKey<Long> TRACE_ID = AttributeKey.longKey("triton.trace_id");
    private static final AttributeKey<Long> PARENT_ID = AttributeKey.longKey("triton.trace_parent_id");
    private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("triton.request_id");
    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };

    private final SdkTracerProvider provider;
    private final Tracer tracer;
    /**
     * Wall-clock nanoseconds minus {@link System#nanoTime()}, read once: traces hold the monotonic
     * times the statistics use, and spans want times since the epoch.
     */
    private final long epochOffsetNanos;
    /** The spans of requests still running whose steps' spans needed them as parents. */
    private final Map<RequestTrace, Span> openParents = new ConcurrentHashMap<>();

    /**
     * @param url           the OTLP/HTTP traces endpoint ({@code http://host:4318/v1/traces})
     * @param resource      attributes of the resource the spans come from ({@code service.name} ...)
     * @param scheduleDelay how long ended spans wait at most before a batch is sent
     */
    OpenTelemetrySpans(String url, Map<String, String> resource, Duration scheduleDelay) {
        var attributes = Attributes.builder().put(SERVICE_NAME, "infergate");
        resource.forEach(attributes::put);
        provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(attributes.build())))
                .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setEndpoint(url).build())
                        .setScheduleDelay(scheduleDelay).build())
                .build();
        tracer = provider.get("io.infergate.gateway.trace");
        Instant now = Instant.now();
        epochOffsetNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
    }

    @Override
    public boolean takes(TraceFields settings) {
        return true;
    }

    @Override
    public void accept(RequestTrace trace, TraceFields settings) {
        List<RequestTrace.Timestamp> timestamps = trace.timestamps();
        if (timestamps.isEmpty()) {
            return; // TENSORS alone: nothing a span can show
        }
        Span span = openParents.remove(trace);
        if (span == null) {
            span = start(trace, timestamps.getFirst().nanos());
        }
        span.setAllAttributes(attributes(trace));
        long computeStart = -1;
        for (RequestTrace.Timestamp timestamp : timestamps) {
            span.addEvent(timestamp.point().name(), epoch(timestamp.nanos()), TimeUnit.NANOSECONDS);
            if (timestamp.point() == TracePoint.COMPUTE_START) {
                computeStart = timestamp.nanos();
            } else if (timestamp.point() == TracePoint.COMPUTE_END && computeStart >= 0) {
                tracer.spanBuilder("compute").setParent(Context.root().with(span))
                        .setStartTimestamp(epoch(computeStart), TimeUnit.NANOSECONDS).startSpan()
                        .end(epoch(timestamp.nanos()), TimeUnit.NANOSECONDS);
            }
        }
        span.end(epoch(timestamps.getLast().nanos()), TimeUnit.NANOSECONDS);
    }

    /** The span of a trace that has not ended: started now, for a step's span to be its child. */
    private Span openSpan(RequestTrace trace) {
        return openParents.computeIfAbsent(trace, running -> {
            List<RequestTrace.Timestamp> sofar = running.timestamps();
            return start(running, sofar.isEmpty() ? System.nanoTime() : sofar.getFirst().nanos());
        });
    }

    private Span start(RequestTrace trace, long startNanos) {
        Context parent = trace.parent() != null ? Context.root().with(openSpan(trace.parent()))
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), trace.remoteContext(), TRACEPARENT);
        return tracer.spanBuilder("InferRequest").setSpanKind(trace.parent() == null ? SpanKind.SERVER
                        : SpanKind.INTERNAL)
                .setParent(parent).setStartTimestamp(epoch(startNanos), TimeUnit.NANOSECONDS).startSpan();
    }

    private static Attributes attributes(RequestTrace trace) {
        var attributes = Attributes.builder().put(MODEL_NAME, trace.modelName())
                .put(MODEL_VERSION, trace.modelVersion()).put(TRACE_ID, trace.id());
        if (trace.parentId() != 0) {
            attributes.put(PARENT_ID, trace.parentId());
        }
        if (!trace.requestId().isEmpty()) {
            attributes.put(REQUEST_ID, trace.requestId());
        }
        return attributes.build();
    }

    private long epoch(long nanoTime) {
        return nanoTime + epochOffsetNanos;
    }

    @Override
    public void inUse(Collection<TraceFields> settings) {
        // spans go to one endpoint whatever the settings
    }

    @Override
    public void close() {
        if (!provider.shutdown().join(30, TimeUnit.SECONDS).isSuccess()) {
            LOG.warning("OpenTelemetry spans not all exported at shutdown");
        }
    }
}

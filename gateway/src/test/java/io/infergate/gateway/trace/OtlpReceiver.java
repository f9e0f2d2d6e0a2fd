package io.infergate.gateway.trace;

import static io.infergate.testsupport.Await.await;
import static io.infergate.testsupport.Await.eventually;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real OTLP/HTTP traces receiver on loopback for the OpenTelemetry tests: it decodes each export
 * with opentelemetry-proto's classes and keeps the spans and the resources' service names.
 */
final class OtlpReceiver implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final List<Span> received = new CopyOnWriteArrayList<>();
    private final List<String> services = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    OtlpReceiver() {
        server = await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            if (!request.path().equals("/v1/traces")) {
                request.response().setStatusCode(404).end();
                return;
            }
            try {
                ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(body.getBytes());
                export.getResourceSpansList().forEach(resource -> {
                    resource.getResource().getAttributesList().stream()
                            .filter(a -> a.getKey().equals("service.name"))
                            .forEach(a -> services.add(a.getValue().getStringValue()));
                    resource.getScopeSpansList().forEach(scope -> received.addAll(scope.getSpansList()));
                });
                request.response().putHeader("Content-Type", "application/x-protobuf")
                        .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
            } catch (InvalidProtocolBufferException e) {
                request.response().setStatusCode(400).end();
            }
        })).listen(0, "127.0.0.1"));
    }

    /** The server flags that trace every request's timestamps to this receiver, batches sent within 50 ms. */
    String[] traceConfig(String... more) {
        List<String> flags = new ArrayList<>(List.of("--trace-config=mode=opentelemetry",
                "--trace-config=opentelemetry,url=http://127.0.0.1:" + server.actualPort() + "/v1/traces",
                "--trace-config=opentelemetry,bsp_schedule_delay=50", "--trace-config=level=TIMESTAMPS",
                "--trace-config=rate=1"));
        flags.addAll(List.of(more));
        return flags.toArray(String[]::new);
    }

    /** The spans of this name, once at least {@code count} have arrived. */
    List<Span> spansNamed(String name, int count) {
        eventually(count + " " + name + " spans exported",
                () -> received.stream().filter(s -> s.getName().equals(name)).count() >= count);
        return received.stream().filter(s -> s.getName().equals(name)).toList();
    }

    /** Trace and span ids as W3C trace context writes them. */
    static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    /** A span's attribute as text ("" when it has none of that name). */
    static String attribute(Span span, String key) {
        return span.getAttributesList().stream().filter(a -> a.getKey().equals(key)).map(KeyValue::getValue)
                .map(v -> v.hasIntValue() ? Long.toString(v.getIntValue()) : v.getStringValue()).findFirst()
                .orElse("");
    }

    /** The service names of the resources the spans came from. */
    List<String> services() {
        return services;
    }

    @Override
    public void close() {
        await(server.close());
        await(vertx.close());
    }
}

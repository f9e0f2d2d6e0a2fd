package io.infergate.python;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.backend.RequestDetails;
import io.infergate.engine.trace.RequestTrace;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.HostAccess;

/** One client request's details as pb_utils.InferenceRequest reads them. */
public final class HostRequest {
    /** For executions made outside a scheduler: no id, no parameters, never cancelled. */
    static final HostRequest NONE = new HostRequest(new RequestDetails("", Map.of(), 0, 0, Cancellation.NONE,
            null));

    // Request fields in Triton, not parameters: its python_backend does not list them in parameters().
    private static final Set<String> RESERVED = Set.of("sequence_id", "sequence_start", "sequence_end", "priority",
            "timeout", "binary_data_output");

    private final RequestDetails details;

    HostRequest(RequestDetails details) {
        this.details = details;
    }

    /** The request the Python model sees for an execution: its first (a batch reaches Python as one request). */
    public static HostRequest of(List<RequestDetails> requests) {
        return requests.isEmpty() ? NONE : new HostRequest(requests.getFirst());
    }

    @HostAccess.Export
    public String id() {
        return details.id();
    }

    /** The client's parameters as a JSON object, without the ones that are request fields in Triton. */
    @HostAccess.Export
    public String parametersJson() {
        Map<String, Object> custom = new HashMap<>(details.parameters());
        custom.keySet().removeAll(RESERVED);
        return new JsonObject(custom).encode();
    }

    /** The correlation id as text; {@link #correlationIdIsString()} says whether Python gets it as str or int. */
    @HostAccess.Export
    public String correlationId() {
        Object id = details.correlationId();
        return id instanceof Long number ? Long.toUnsignedString(number) : String.valueOf(id);
    }

    @HostAccess.Export
    public boolean correlationIdIsString() {
        return details.correlationId() instanceof String;
    }

    /**
     * Triton's request flags: TRITONSERVER_REQUEST_FLAG_SEQUENCE_START (1) and _END (2), from the
     * sequence_start and sequence_end parameters.
     */
    @HostAccess.Export
    public int flags() {
        return (isSet("sequence_start") ? 1 : 0) | (isSet("sequence_end") ? 2 : 0);
    }

    private boolean isSet(String parameter) {
        Object value = details.parameters().get(parameter);
        return Boolean.TRUE.equals(value) || "true".equals(value);
    }

    @HostAccess.Export
    public long timeoutMicros() {
        return details.timeoutMicros();
    }

    @HostAccess.Export
    public boolean isCancelled() {
        return details.isCancelled();
    }

    /**
     * The trace of a BLS request made with this request's {@code trace()}: a child of this
     * request's trace, or null when this request is not traced.
     */
    public RequestTrace childTrace() {
        return details.childTrace();
    }
}

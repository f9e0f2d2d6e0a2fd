package io.infergate.python;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.api.Status;
import io.infergate.engine.metrics.CustomMetrics;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * The host object behind {@code pb_utils} in one context: logging under the model's name, custom
 * metrics, and BLS requests, which go through the engine like any frontend's (so they reach every
 * kind of model and travel the event bus).
 */
public final class PythonBridge {
    private static final System.Logger.Level[] LEVELS = {System.Logger.Level.INFO, System.Logger.Level.WARNING,
        System.Logger.Level.ERROR, System.Logger.Level.DEBUG};

    private final String modelName;
    private final InferenceEngine engine;
    private final System.Logger log;
    private final PythonMetrics metrics = new PythonMetrics(CustomMetrics.shared());

    PythonBridge(String modelName, InferenceEngine engine) {
        this.modelName = modelName;
        this.engine = engine;
        this.log = System.getLogger("io.infergate.python.model." + modelName);
    }

    /** pb_utils.MetricFamily: the family registered for this context, or why not (see {@link PythonMetrics}). */
    @HostAccess.Export
    public Object metricFamily(String name, String description, int kind) {
        return metrics.family(name, description, kind);
    }

    /** Releases what this context holds: its custom metric families disappear unless another context holds them. */
    void close() {
        metrics.release();
    }

    /** pb_utils.Logger: level 0 info, 1 warning, 2 error, 3 verbose. */
    @HostAccess.Export
    public void log(int level, String message) {
        log.log(LEVELS[Math.clamp(level, 0, LEVELS.length - 1)], message);
    }

    /**
     * Sends a BLS request; the answers arrive in the returned call.
     *
     * @param inputs        (name, datatype, shape, bytes) tuples
     * @param parameters    request parameters as a JSON object
     * @param timeoutMicros the request's timeout, 0 for none
     * @param callerWaits   whether the caller waits for the one answer right away (exec(), not
     *                      async_exec() or a decoupled exec()): the engine may then compute it on
     *                      this thread
     */
    @HostAccess.Export
    public BlsCall infer(String model, String version, Value inputs, List<Object> requestedOutputs,
            String parameters, String requestId, long timeoutMicros, boolean callerWaits) {
        BlsCall call = new BlsCall(callerWaits);
        if (engine == null) {
            call.fail(new InferenceException(Status.UNAVAILABLE, "model '" + modelName
                    + "' runs outside an engine and cannot call other models"));
            return call;
        }
        try {
            Map<String, Object> params = new HashMap<>(new JsonObject(parameters).getMap());
            if (timeoutMicros > 0) {
                params.put("timeout", timeoutMicros);
            }
            List<RequestedOutput> outputs = requestedOutputs.stream()
                    .map(name -> RequestedOutput.named(String.valueOf(name))).toList();
            InferenceRequest request = new InferenceRequest(requestId, model, version,
                    PythonTensors.fromPython(inputs), outputs, params);
            engine.inferStream(request, Cancellation.NONE, call);
        } catch (RuntimeException e) {
            call.fail(InferenceException.of(e));
        }
        return call;
    }
}

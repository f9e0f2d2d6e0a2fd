package io.infergate.python;

import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.api.Status;
import io.infergate.engine.metrics.CustomMetrics;
import io.infergate.engine.trace.RequestTrace;
import io.vertx.core.json.JsonObject;
import java.lang.foreign.MemorySegment;
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
    private final ModelCatalog models;
    private final System.Logger log;
    private final PythonMetrics metrics = new PythonMetrics(CustomMetrics.shared());

    PythonBridge(String modelName, InferenceEngine engine, ModelCatalog models) {
        this.modelName = modelName;
        this.engine = engine;
        this.models = models;
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

    /**
     * as_numpy: copies a tensor's bytes (the Java array behind a pb_utils bytes object) into the
     * native memory of a fresh ndarray, with one memcpy. GraalPy copies between its managed bytes
     * and native memory element by element (tens of ms per MiB), so numpy's data crosses here.
     * The address comes from the model's own numpy, whose native code can already touch any memory.
     */
    @HostAccess.Export
    public boolean copyToNative(Object storage, long address, int length) {
        if (!(storage instanceof byte[] bytes) || length > bytes.length) {
            return false; // the bytes live in native memory already: numpy reads them itself
        }
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, NativeMemory.at(address, length), 0, length);
        return true;
    }

    /** Tensor(name, ndarray): copies the ndarray's native memory into the Java array behind a fresh bytes object. */
    @HostAccess.Export
    public boolean copyFromNative(long address, Object storage, int length) {
        if (!(storage instanceof byte[] bytes) || length > bytes.length) {
            return false;
        }
        MemorySegment.copy(NativeMemory.at(address, length), 0, MemorySegment.ofArray(bytes), 0, length);
        return true;
    }

    /** pb_utils.Logger: level 0 info, 1 warning, 2 error, 3 verbose. */
    @HostAccess.Export
    public void log(int level, String message) {
        log.log(LEVELS[Math.clamp(level, 0, LEVELS.length - 1)], message);
    }

    /** pb_utils.is_model_ready: whether the model (version, "" for any) is loaded and ready. */
    @HostAccess.Export
    public boolean isModelReady(String model, String version) {
        return models != null && models.isModelReady(model, version);
    }

    /**
     * pb_utils.load_model: loads or reloads a model, waiting until it is done.
     *
     * @param configJson an override configuration, or null
     * @param files      override files as ("&lt;version&gt;/&lt;path&gt;", bytes) pairs (pb_utils strips
     *                   Triton's "file:" prefix)
     * @return null, or why the model did not load
     */
    @HostAccess.Export
    public String loadModel(String model, String configJson, Value files) throws InterruptedException {
        if (models == null) {
            return outsideEngine();
        }
        Map<String, byte[]> contents = new HashMap<>();
        for (long i = 0; i < files.getArraySize(); i++) {
            Value content = files.getArrayElement(i).getArrayElement(1);
            byte[] data = new byte[(int) content.getBufferSize()];
            content.readBuffer(0, data, 0, data.length);
            contents.put(files.getArrayElement(i).getArrayElement(0).asString(), data);
        }
        return ModelControl.load(models, model, configJson, contents);
    }

    /** pb_utils.unload_model: unloads a model, waiting until it is done; null, or why it failed. */
    @HostAccess.Export
    public String unloadModel(String model, boolean unloadDependents) throws InterruptedException {
        return models == null ? outsideEngine() : ModelControl.unload(models, model, unloadDependents);
    }

    private String outsideEngine() {
        return "model '" + modelName + "' runs outside an engine and cannot manage other models";
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
     * @param tracedFor     the request whose {@code trace()} the BLS request was made with (Triton's
     *                      {@code trace=request.trace()}), or null: traced, it is that one's child
     */
    @HostAccess.Export
    public BlsCall infer(String model, String version, Value inputs, List<Object> requestedOutputs,
            String parameters, String requestId, long timeoutMicros, boolean callerWaits, HostRequest tracedFor) {
        RequestTrace trace = tracedFor == null ? null : tracedFor.childTrace();
        BlsCall call = new BlsCall(callerWaits, trace);
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
                    PythonTensors.fromPython(inputs), outputs, params, trace);
            engine.inferStream(request, call.cancellation(), call);
        } catch (RuntimeException e) {
            call.fail(InferenceException.of(e));
        }
        return call;
    }
}

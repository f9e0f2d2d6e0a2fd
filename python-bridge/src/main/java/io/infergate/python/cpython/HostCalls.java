package io.infergate.python.cpython;

import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.metrics.CustomMetrics;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.infergate.python.HostRequest;
import io.infergate.python.ModelControl;
import io.infergate.python.PythonMetrics;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The pb_utils host API a stub's model calls into, besides logging and BLS: custom metrics,
 * {@code request.is_cancelled()}, and the model loading API. A {@code call} message names a
 * method and its fields; it gets one {@code call_reply} with the same id and a {@code result}
 * (a string where the server refuses, which pb_utils raises as TritonModelException). Metric
 * families and series are held here for the stub, named to it by handle, and released when it
 * ends; quick calls are answered on the socket's reading thread, load_model and unload_model on a
 * thread of their own each.
 */
final class HostCalls implements AutoCloseable {
    /** How many metric families and series one stub may hold handles to. */
    static final int MAX_HANDLES = 1 << 16;
    /** What a call answered later, on a thread of its own, yields. */
    private static final Object LATER = new Object();

    /** The open requests a stub may ask about, by the id of the execute message that brought them. */
    interface Requests {
        /**
         * @return the request, or null when it has ended
         * @throws ProtocolViolation for an id this side never sent
         */
        HostRequest find(long id) throws ProtocolViolation;
    }

    private final String modelName;
    private final ModelCatalog models;
    private final SharedRegion filesRegion;
    private final StubSocket control;
    private final Requests requests;
    private final PythonMetrics metrics = new PythonMetrics(CustomMetrics.shared());
    private final List<Object> handles = new ArrayList<>();
    private final Map<Object, Long> handleOf = new HashMap<>();
    private final ExecutorService slow = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param models      the engine's repository, null when the model runs outside an engine
     * @param filesRegion where load_model's files are (the stub's BLS region)
     */
    HostCalls(String modelName, ModelCatalog models, SharedRegion filesRegion, StubSocket control,
            Requests requests) {
        this.modelName = modelName;
        this.models = models;
        this.filesRegion = filesRegion;
        this.control = control;
        this.requests = requests;
    }

    /**
     * Answers one {@code call} message, now or (for the model loading API) once done.
     *
     * @throws ProtocolViolation for a method or field the protocol does not allow
     */
    void handle(StubMessage call) throws ProtocolViolation, IOException {
        long id = call.id();
        String method = call.text("method");
        Object result = switch (method) {
            case "metric_family" -> handle(metrics.family(call.text("name"), call.text("description"),
                    (int) call.whole("kind", Integer.MAX_VALUE)));
            case "metric" -> handle(handle(call, "family", PythonMetrics.Family.class)
                    .metric(call.pairs("labels"), call.reals("buckets")));
            case "metric_update" -> update(handle(call, "series", PythonMetrics.Series.class), call.text("action"),
                    call.real("value"));
            case "metric_value" -> handle(call, "series", PythonMetrics.Series.class).value();
            case "is_cancelled" -> {
                HostRequest request = requests.find(call.whole("request"));
                yield request != null && request.isCancelled();
            }
            case "is_model_ready" -> models != null && models.isModelReady(call.text("model"), call.text("version"));
            case "load_model" -> {
                String model = call.text("model");
                String config = call.optionalText("config");
                Map<String, byte[]> files = files(call);
                control.send(new JsonObject().put("op", "infer_read").put("id", id));
                later(id, () -> models == null ? outsideEngine() : ModelControl.load(models, model, config, files));
                yield LATER;
            }
            case "unload_model" -> {
                String model = call.text("model");
                boolean dependents = call.flag("unload_dependents");
                later(id, () -> models == null ? outsideEngine() : ModelControl.unload(models, model, dependents));
                yield LATER;
            }
            default -> throw new ProtocolViolation("a call of unknown method '" + method + "'");
        };
        if (result != LATER) {
            reply(id, result);
        }
    }

    /** A metric update's outcome: null, or why it was refused. */
    private static Object update(PythonMetrics.Series series, String action, double value) throws ProtocolViolation {
        return switch (action) {
            case "increment" -> series.increment(value);
            case "set" -> series.set(value);
            case "observe" -> series.observe(value);
            default -> throw new ProtocolViolation("a metric update of unknown action '" + action + "'");
        };
    }

    /** The handle of a family or series (the same one for the same family or series), or the refusal as it is. */
    private synchronized Object handle(Object familyOrSeries) {
        if (familyOrSeries instanceof String refusal) {
            return refusal;
        }
        Long known = handleOf.get(familyOrSeries);
        if (known != null) {
            return known;
        }
        if (handles.size() == MAX_HANDLES) {
            return "model '" + modelName + "' holds " + MAX_HANDLES + " metric families and series, the most a "
                    + "CPython model may";
        }
        handles.add(familyOrSeries);
        handleOf.put(familyOrSeries, (long) handles.size() - 1);
        return (long) handles.size() - 1;
    }

    private synchronized <T> T handle(StubMessage call, String key, Class<T> kind) throws ProtocolViolation {
        long handle = call.whole(key, Integer.MAX_VALUE);
        if (handle >= handles.size() || !kind.isInstance(handles.get((int) handle))) {
            throw new ProtocolViolation("field '" + key + "' of a '" + call.text("method") + "' call names no "
                    + (kind == PythonMetrics.Family.class ? "metric family" : "metric series") + " it holds");
        }
        return kind.cast(handles.get((int) handle));
    }

    /** load_model's files, UINT8 tensors in the region named by path; read before the stub may reuse it. */
    private Map<String, byte[]> files(StubMessage call) throws ProtocolViolation, IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Tensor file : filesRegion.readTensors(call.objects("files"))) {
            if (file.dataType() != DataType.UINT8 || file.shape().length != 1) {
                throw new ProtocolViolation("a load_model file that is not a UINT8 tensor of one dimension");
            }
            ByteBuffer bytes = file.bytes().duplicate();
            byte[] content = new byte[bytes.remaining()];
            bytes.get(content);
            if (files.put(file.name(), content) != null) {
                throw new ProtocolViolation("load_model file '" + file.name() + "' twice");
            }
        }
        return files;
    }

    private String outsideEngine() {
        return "model '" + modelName + "' runs outside an engine and cannot manage other models";
    }

    /** What a slow call does; its result (null, or why it failed) is the reply. */
    private interface Slow {
        String run() throws InterruptedException;
    }

    private void later(long id, Slow call) {
        try {
            slow.execute(() -> {
                try {
                    reply(id, call.run());
                } catch (InterruptedException e) {
                    // the stub was released
                } catch (IOException e) {
                    // the stub is gone; nobody waits for the answer
                }
            });
        } catch (RejectedExecutionException e) {
            // the stub was released
        }
    }

    private void reply(long id, Object result) throws IOException {
        control.send(new JsonObject().put("op", "call_reply").put("id", id).put("result", result));
    }

    /** Releases the stub's metric families (gone unless another model holds them) and stops its slow calls. */
    @Override
    public void close() {
        slow.shutdownNow();
        metrics.release();
    }
}

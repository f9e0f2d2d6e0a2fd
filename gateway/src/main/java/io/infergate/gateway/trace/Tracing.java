package io.infergate.gateway.trace;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.trace.RequestTrace;
import io.infergate.gateway.security.AllowedFolder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One server's trace settings and the sampling they imply: global settings, a model's own
 * settings over them (a field it leaves unset follows the global one), and where finished traces
 * are written. Frontends ask {@link #sample} at each request; while nothing is traced that is one
 * volatile read. Clients read and change the settings through the trace extension; a change
 * applies to the next request.
 */
public final class Tracing {
    /** Triton's name of the mode whose traces go to trace files. */
    public static final String TRITON_MODE = "triton";

    private final TraceFields startup;
    private final String mode;
    private final AllowedFolder folder;
    private final AtomicLong ids = new AtomicLong();
    private final TraceWriter writer = new TraceWriter();
    // Guarded by this: the settings as clients left them.
    private TraceFields global;
    private final Map<String, TraceFields> modelOwn = new HashMap<>();
    /** What sample reads; null while nothing at all is traced. */
    private volatile Samplers samplers;

    /** The samplers of the global settings and of each model with settings of its own. */
    private record Samplers(Sampler global, Map<String, Sampler> models) {
        RequestTrace sample(String model) {
            return models.getOrDefault(model, global).sample();
        }

        Sampler of(String model) {
            return models.getOrDefault(model, global);
        }
    }

    /**
     * @param startup       the start-up settings (complete), what a client's null sets a global field back to
     * @param mode          {@link #TRITON_MODE}
     * @param allowedFolder where clients may point trace_file
     */
    public Tracing(TraceFields startup, String mode, Optional<Path> allowedFolder) {
        this.startup = startup;
        this.mode = mode;
        this.folder = new AllowedFolder(allowedFolder, "trace", "--trace-dir or --trace-config triton,file=...");
        this.global = startup;
        rebuild();
    }

    /** Nothing traced until a client turns tracing on; no folder for trace files. */
    public static Tracing off() {
        return new Tracing(TraceFields.DEFAULTS, TRITON_MODE, Optional.empty());
    }

    /** The trace of a request for {@code model}, or null (most requests): not sampled, or tracing off. */
    public RequestTrace sample(String model) {
        Samplers current = samplers;
        return current == null ? null : current.sample(model);
    }

    /** Whether any request may be traced now (one volatile read). */
    public boolean active() {
        return samplers != null;
    }

    /** The settings in force for a model ("" for the global ones), as Triton answers them. */
    public synchronized Map<String, Object> settings(String model) {
        TraceFields effective = model.isEmpty() ? global : modelOwn.getOrDefault(model, TraceFields.NONE).over(global);
        Samplers current = samplers;
        int remaining = current == null ? effective.count() : current.of(model).remaining();
        return new TraceFields(effective.levels(), effective.rate(), remaining, effective.logFrequency(),
                effective.file()).asMap(mode);
    }

    /**
     * Applies a client's change whole, or nothing of it: to the global settings ({@code model}
     * ""), or to a model's own. A model's change without settings drops its own settings, as
     * Triton's does.
     */
    public synchronized Map<String, Object> update(String model, Map<String, ?> changes) {
        if (model.isEmpty()) {
            global = TraceSettingsChange.apply(global, changes, startup, folder);
        } else {
            TraceFields own = changes.isEmpty() ? TraceFields.NONE
                    : TraceSettingsChange.apply(modelOwn.getOrDefault(model, TraceFields.NONE), changes,
                            TraceFields.NONE, folder);
            if (own.isEmpty()) {
                modelOwn.remove(model);
            } else {
                modelOwn.put(model, own);
            }
        }
        rebuild();
        return settings(model);
    }

    /** The trace extension's answer for a model that is not ready (Triton's words). */
    public static void requireModel(ModelCatalog catalog, String model) {
        if (!model.isEmpty() && !catalog.isModelReady(model, "")) {
            throw invalid("Request for unknown model : " + model);
        }
    }

    /** Writes out every trace collected; tracing stops. */
    public synchronized void close() {
        samplers = null;
        writer.close();
    }

    /**
     * New samplers for the settings now; one whose settings did not change is kept, with its
     * counts. Files no longer written to are written out.
     */
    private void rebuild() {
        Samplers old = samplers;
        Map<String, Sampler> previousModels = old == null ? Map.of() : old.models();
        Sampler globalSampler = keepOrNew(old == null ? null : old.global(), global);
        Map<String, Sampler> models = new HashMap<>();
        boolean anyTraces = global.traces();
        Set<String> files = new HashSet<>();
        files.add(global.file());
        for (Map.Entry<String, TraceFields> own : modelOwn.entrySet()) {
            TraceFields effective = own.getValue().over(global);
            models.put(own.getKey(), keepOrNew(previousModels.get(own.getKey()), effective));
            anyTraces |= effective.traces();
            files.add(effective.file());
        }
        samplers = anyTraces ? new Samplers(globalSampler, Map.copyOf(models)) : null;
        writer.keepOnly(files);
    }

    private Sampler keepOrNew(Sampler previous, TraceFields settings) {
        return previous != null && previous.settings().equals(settings) ? previous : new Sampler(settings, ids, writer);
    }
}

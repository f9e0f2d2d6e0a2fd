package io.infergate.gateway.trace;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.trace.RequestTrace;
import io.infergate.gateway.security.AllowedFolder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One server's trace settings and the sampling they imply: global settings, a model's own
 * settings over them (a field it leaves unset follows the global one), and where finished traces
 * go (trace files or OpenTelemetry spans, by mode). Frontends ask {@link #sample} at each request; while nothing is traced that is one
 * volatile read. Clients read and change the settings through the trace extension; a change
 * applies to the next request.
 */
public final class Tracing {
    /** Triton's name of the mode whose traces go to trace files. */
    public static final String TRITON_MODE = "triton";
    /** Triton's name of the mode whose traces are exported as OpenTelemetry spans. */
    public static final String OPENTELEMETRY_MODE = "opentelemetry";

    private final TraceFields startup;
    private final String mode;
    private final AllowedFolder folder;
    private final AtomicLong ids = new AtomicLong();
    private final TraceDestination destination;
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

    private Tracing(TraceFields startup, String mode, Optional<Path> allowedFolder, TraceDestination destination) {
        this.startup = startup;
        this.mode = mode;
        this.folder = new AllowedFolder(allowedFolder, "trace", "--trace-dir or --trace-config triton,file=...");
        this.destination = destination;
        this.global = startup;
        rebuild();
    }

    /**
     * Triton's mode: traces go to trace files.
     *
     * @param startup       the start-up settings (complete), what a client's null sets a global field back to
     * @param allowedFolder where clients may point trace_file
     */
    public static Tracing toFiles(TraceFields startup, Optional<Path> allowedFolder) {
        return new Tracing(startup, TRITON_MODE, allowedFolder, new TraceWriter());
    }

    /**
     * OpenTelemetry mode: traces are exported as spans over OTLP/HTTP.
     *
     * @param startup       the start-up settings (complete; the file settings are not used)
     * @param url           the OTLP/HTTP traces endpoint
     * @param resource      attributes of the resource the spans come from
     * @param scheduleDelay how long ended spans wait at most before they are sent
     */
    public static Tracing toOpenTelemetry(TraceFields startup, String url, Map<String, String> resource,
            Duration scheduleDelay) {
        return new Tracing(startup, OPENTELEMETRY_MODE, Optional.empty(),
                new OpenTelemetrySpans(url, resource, scheduleDelay));
    }

    /** Nothing traced until a client turns tracing on; no folder for trace files. */
    public static Tracing off() {
        return toFiles(TraceFields.DEFAULTS, Optional.empty());
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
        if (!mode.equals(TRITON_MODE)) {
            for (String fileSetting : List.of(TraceFields.TRACE_FILE, TraceFields.LOG_FREQUENCY)) {
                if (changes.containsKey(fileSetting)) {
                    throw invalid("trace setting '" + fileSetting + "' is not used in " + mode + " mode");
                }
            }
        }
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

    /** Writes out (or sends) every trace collected; tracing stops. */
    public synchronized void close() {
        samplers = null;
        destination.close();
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
        boolean anyTraces = globalSampler.traces();
        List<TraceFields> inUse = new ArrayList<>(List.of(global));
        for (Map.Entry<String, TraceFields> own : modelOwn.entrySet()) {
            Sampler sampler = keepOrNew(previousModels.get(own.getKey()), own.getValue().over(global));
            models.put(own.getKey(), sampler);
            anyTraces |= sampler.traces();
            inUse.add(sampler.settings());
        }
        samplers = anyTraces ? new Samplers(globalSampler, Map.copyOf(models)) : null;
        destination.inUse(inUse);
    }

    private Sampler keepOrNew(Sampler previous, TraceFields settings) {
        return previous != null && previous.settings().equals(settings) ? previous
                : new Sampler(settings, ids, destination);
    }
}

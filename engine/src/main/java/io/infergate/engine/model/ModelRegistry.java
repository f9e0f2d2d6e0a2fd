package io.infergate.engine.model;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelMetadata;
import io.infergate.engine.api.Status;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.model.ModelRecord.VersionRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every model the engine knows, readable from any thread. Lookups for the request path resolve a
 * model name and optional version to the ready {@link LoadedVersion} that serves it.
 */
public final class ModelRegistry {
    private final ConcurrentSkipListMap<String, ModelRecord> models = new ConcurrentSkipListMap<>();

    public ModelRecord get(String name) {
        return models.get(name);
    }

    public void put(ModelRecord record) {
        models.put(record.name(), record);
    }

    public void remove(String name) {
        models.remove(name);
    }

    public Collection<ModelRecord> all() {
        return models.values();
    }

    /**
     * The ready version that serves a request, with the request entered in its
     * {@link Admissions}: the caller exits once the scheduler has the request. A version retired
     * between the lookup and the entry was replaced in this registry first, so looking again finds
     * its successor (or that the model is gone).
     */
    public LoadedVersion admit(String name, String version) {
        while (true) {
            LoadedVersion chosen = route(name, version);
            if (chosen.admissions().tryEnter()) {
                return chosen;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * The ready version that serves a request; NOT_FOUND (Triton's wording) when none does, and
     * UNAVAILABLE while the model is unloading (its last requests are finishing).
     */
    public LoadedVersion route(String name, String version) {
        ModelRecord record = models.get(name);
        if (record == null) {
            throw InferenceException.unknownModel(name, version);
        }
        VersionRecord chosen;
        if (version == null || version.isEmpty()) {
            chosen = record.newestReady();
            if (chosen == null && record.isUnloading()) {
                throw new InferenceException(Status.UNAVAILABLE, "model '" + name + "' is unloading");
            }
            if (chosen == null) {
                throw new InferenceException(Status.NOT_FOUND,
                        "Request for unknown model: '" + name + "' has no available versions");
            }
        } else {
            Long number = parseVersion(version);
            chosen = number == null ? null : record.versions().get(number);
            if (chosen == null || !chosen.isReady()) {
                throw InferenceException.unknownModel(name, version);
            }
        }
        return chosen.loaded();
    }

    /** The ready versions of a model: all of them, or the one asked for. */
    public List<LoadedVersion> readyVersions(String name, String version) {
        if (version != null && !version.isEmpty()) {
            return List.of(route(name, version));
        }
        ModelRecord record = models.get(name);
        if (record == null || !record.hasReadyVersion()) {
            throw InferenceException.unknownModel(name, version);
        }
        return record.versions().values().stream().filter(VersionRecord::isReady).map(VersionRecord::loaded).toList();
    }

    public boolean isReady(String name, String version) {
        try {
            route(name, version);
            return true;
        } catch (InferenceException e) {
            return false;
        }
    }

    /** Whether the version is ready and each of its instances says it can serve ({@link ModelInstance#isReady()}). */
    public boolean isServing(String name, String version) {
        try {
            return route(name, version).instances().stream().allMatch(ModelInstance::isReady);
        } catch (InferenceException e) {
            return false;
        }
    }

    public ModelConfig config(String name, String version) {
        return route(name, version).spec().config();
    }

    public ModelMetadata metadata(String name, String version) {
        List<LoadedVersion> versions = readyVersions(name, version);
        LoadedVersion newest = versions.getLast();
        ModelConfig config = newest.spec().config();
        String platform = config.getPlatform().isEmpty() ? config.getBackend() : config.getPlatform();
        return new ModelMetadata(name, versions.stream().map(LoadedVersion::version).toList(), platform,
                newest.signature().inputMetadata(), newest.signature().outputMetadata());
    }

    public List<ModelIndexEntry> index(boolean readyOnly) {
        List<ModelIndexEntry> entries = new ArrayList<>();
        for (ModelRecord record : models.values()) {
            if (record.versions().isEmpty() && !readyOnly) {
                entries.add(new ModelIndexEntry(record.name(), "", record.failure() == null ? ModelRecord.LOADING
                        : ModelRecord.UNAVAILABLE, record.failure() == null ? "" : record.failure()));
            }
            for (VersionRecord version : record.versions().values()) {
                if (!readyOnly || version.isReady()) {
                    entries.add(new ModelIndexEntry(record.name(), Long.toString(version.version()), version.state(),
                            version.reason()));
                }
            }
        }
        return entries;
    }

    /** Whether every model known to the engine has a ready version (strict readiness). */
    public boolean allReady() {
        return models.values().stream().allMatch(r -> r.hasReadyVersion() || isUnloaded(r));
    }

    private static boolean isUnloaded(ModelRecord record) {
        return record.failure() == null && record.versions().values().stream()
                .allMatch(v -> ModelRecord.UNLOADED.equals(v.reason()));
    }

    private static Long parseVersion(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

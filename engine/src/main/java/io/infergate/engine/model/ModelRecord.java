package io.infergate.engine.model;

import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An immutable snapshot of one model in the registry. Changes replace the whole record, so
 * readers on any event loop see a consistent model without locks.
 *
 * @param name     model name
 * @param config   the complete configuration, or null if it never loaded that far
 * @param failure  why the model as a whole is unavailable, or null
 * @param versions its versions by number
 */
public record ModelRecord(String name, ModelConfig config, String failure, NavigableMap<Long, VersionRecord> versions) {

    public static final String READY = "READY";
    public static final String UNAVAILABLE = "UNAVAILABLE";
    public static final String LOADING = "LOADING";
    public static final String UNLOADING = "UNLOADING";
    /** The reason an unloaded version gives. */
    public static final String UNLOADED = "unloaded";

    public ModelRecord {
        versions = Collections.unmodifiableNavigableMap(new TreeMap<>(versions));
    }

    public static ModelRecord loading(String name, ModelRecord previous) {
        return previous != null ? previous : new ModelRecord(name, null, null, new TreeMap<>());
    }

    /** The newest ready version, or null. */
    VersionRecord newestReady() {
        for (VersionRecord version : versions.descendingMap().values()) {
            if (version.isReady()) {
                return version;
            }
        }
        return null;
    }

    /** Whether some version is draining its last requests before it closes. */
    public boolean isUnloading() {
        return versions.values().stream().anyMatch(v -> UNLOADING.equals(v.state()));
    }

    public boolean hasReadyVersion() {
        return newestReady() != null;
    }

    /** This record with every version in a new state (unloading, unloaded). */
    public ModelRecord withAllVersions(String state, String reason) {
        TreeMap<Long, VersionRecord> changed = new TreeMap<>();
        versions.forEach((number, version) -> changed.put(number, new VersionRecord(number, state, reason,
                state.equals(UNAVAILABLE) ? null : version.loaded(), state.equals(UNAVAILABLE) ? null : version.deploymentId())));
        return new ModelRecord(name, config, failure, changed);
    }

    /** This record with a reason on its ready versions (a reload failed and they keep serving). */
    public ModelRecord withReadyReason(String reason) {
        TreeMap<Long, VersionRecord> changed = new TreeMap<>();
        versions.forEach((number, version) -> changed.put(number, version.isReady()
                ? new VersionRecord(number, READY, reason, version.loaded(), version.deploymentId()) : version));
        return new ModelRecord(name, config, failure, changed);
    }

    /**
     * One version's state.
     *
     * @param version      version number
     * @param state        READY, UNAVAILABLE, LOADING or UNLOADING
     * @param reason       why not ready ("" when ready)
     * @param loaded       the version's instances and request path when it has them
     * @param deploymentId its scheduler verticle's deployment, when deployed
     */
    public record VersionRecord(long version, String state, String reason, LoadedVersion loaded, String deploymentId) {
        public boolean isReady() {
            return READY.equals(state);
        }
    }
}

package io.infergate.engine.bus;

import io.infergate.engine.model.LoadedVersion;

/** Event-bus addresses: one per model version, so several consumers of it share its work. */
public final class ModelAddresses {
    private ModelAddresses() {
    }

    /** The address a loaded version's scheduler consumes. */
    public static String of(LoadedVersion version) {
        return "infergate.model." + version.spec().name() + "." + version.spec().version();
    }
}

package io.infergate.engine.bus;

import io.infergate.engine.model.LoadedVersion;

/**
 * Event-bus addresses: one per loaded model version. A reload loads the same version number
 * again beside the old one, so the address names the load too: the old and the new scheduler
 * never share an address, and each request reaches the one it was routed to.
 */
public final class ModelAddresses {
    private ModelAddresses() {
    }

    /** The address a loaded version's scheduler consumes. */
    public static String of(LoadedVersion version) {
        return "infergate.model." + version.spec().name() + "." + version.spec().version() + "." + version.loadId();
    }
}

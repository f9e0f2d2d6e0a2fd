package io.infergate.engine.bus;

/** Event-bus addresses: one per model version, so several consumers of it share its work. */
public final class ModelAddresses {
    private ModelAddresses() {
    }

    public static String of(String model, long version) {
        return "infergate.model." + model + "." + version;
    }
}

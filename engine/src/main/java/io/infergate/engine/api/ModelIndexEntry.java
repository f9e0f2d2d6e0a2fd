package io.infergate.engine.api;

/**
 * One row of the repository index.
 *
 * @param name    model name
 * @param version version, or "" when the model failed before any version was known or was never loaded
 * @param state   READY, UNAVAILABLE, LOADING or UNLOADING; "" for a model found in a repository
 *                and never loaded (Triton lists such a model by name only)
 * @param reason  why it is not ready ("" when ready or never loaded)
 */
public record ModelIndexEntry(String name, String version, String state, String reason) {

    /** A model found in a repository that no load has tried yet. */
    public static ModelIndexEntry nameOnly(String name) {
        return new ModelIndexEntry(name, "", "", "");
    }
}

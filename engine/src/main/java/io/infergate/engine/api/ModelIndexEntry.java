package io.infergate.engine.api;

/**
 * One row of the repository index.
 *
 * @param name    model name
 * @param version version, or "" when the model failed before any version was known
 * @param state   READY, UNAVAILABLE, LOADING or UNLOADING
 * @param reason  why it is not ready ("" when ready)
 */
public record ModelIndexEntry(String name, String version, String state, String reason) {
}

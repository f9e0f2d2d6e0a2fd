package io.infergate.engine.api;

/** Model names come from the network and become folder names: only plain names pass. */
public final class ModelNames {
    private ModelNames() {
    }

    /**
     * Checks a model name from a request.
     *
     * @throws InferenceException INVALID_ARG for empty or blank names, path separators, "." or ".."
     */
    public static String requireValid(String name) {
        if (name == null || name.isBlank()) {
            throw InferenceException.invalid("model name must not be empty or blank");
        }
        if (name.contains("/") || name.contains("\\") || name.contains("..") || name.equals(".")
                || name.indexOf('\0') >= 0) {
            throw InferenceException.invalid("invalid model name '" + name + "': it must not contain '/', '\\' or '..'");
        }
        return name;
    }
}

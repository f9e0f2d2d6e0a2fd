package io.infergate.engine.model;

/** Why a model or one of its versions could not be loaded; the message goes into the index. */
public final class ModelLoadException extends Exception {
    public ModelLoadException(String message) {
        super(message, null, false, false);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}

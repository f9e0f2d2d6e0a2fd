package io.infergate.engine.config;

/**
 * A model configuration that cannot be read or does not match the schema. Checked, because a bad
 * configuration is a user error each caller must turn into a load failure, not a crash.
 */
public class ModelConfigException extends Exception {

    public ModelConfigException(String message) {
        super(message);
    }

    public ModelConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

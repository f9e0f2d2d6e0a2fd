package io.infergate.gateway.config;

/** A configuration the server cannot start with; the message names the flag or key and the value. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message, null, false, false);
    }
}

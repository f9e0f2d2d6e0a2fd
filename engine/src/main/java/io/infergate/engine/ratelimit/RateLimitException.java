package io.infergate.engine.ratelimit;

/** An instance's resources that the server can never give it: the model cannot load. */
public final class RateLimitException extends Exception {
    public RateLimitException(String message) {
        super(message);
    }
}

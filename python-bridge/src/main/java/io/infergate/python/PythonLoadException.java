package io.infergate.python;

/** A model.py that failed to load or initialize; the message carries the Python traceback. */
final class PythonLoadException extends Exception {
    PythonLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}

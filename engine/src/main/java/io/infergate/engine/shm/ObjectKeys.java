package io.infergate.engine.shm;

import static io.infergate.engine.api.InferenceException.invalid;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Which shared-memory keys a client may name: a plain POSIX shared-memory name, the file of that
 * name in {@code /dev/shm} and nothing else (no path, no parent, no link followed).
 */
final class ObjectKeys {
    static final Path DIRECTORY = Path.of("/dev/shm");
    /** The server's own objects (the CPython runtime's tensors) start with this: never a client's. */
    static final String RESERVED_PREFIX = "infergate-";
    /** NAME_MAX: the longest file name Linux allows. */
    private static final int MAX_NAME = 255;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]+");
    private static final int SHOWN = 64;

    private ObjectKeys() {
    }

    /** The object's file for a key such as {@code /input_data} (one leading '/' is optional, as for shm_open). */
    static Path resolve(String key) {
        String name = key.startsWith("/") ? key.substring(1) : key;
        if (name.isEmpty() || name.length() > MAX_NAME || !PLAIN.matcher(name).matches()
                || name.equals(".") || name.equals("..")) {
            throw invalid("invalid shared-memory key " + shown(key) + ": a key names a POSIX shared-memory object:"
                    + " an optional leading '/', then 1 to " + MAX_NAME + " letters, digits, '.', '_' or '-'"
                    + " (not '.' or '..')");
        }
        if (name.startsWith(RESERVED_PREFIX)) {
            throw invalid("shared-memory key " + shown(key) + " is reserved: objects named '" + RESERVED_PREFIX
                    + "...' are the server's own");
        }
        return DIRECTORY.resolve(name);
    }

    /** A key quoted for a message, cut short when long: a message stays readable whatever a client sends. */
    static String shown(String key) {
        return key.length() <= SHOWN ? "'" + key + "'"
                : "'" + key.substring(0, SHOWN) + "...' (" + key.length() + " characters)";
    }
}

package io.infergate.gateway.s3;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Turns the object keys a store lists into paths inside a model's local copy. Keys come from the
 * network: one that does not start with the model's prefix, or whose rest is absolute, holds
 * '.', '..', an empty segment, a backslash or a control character, or is too long or too deep,
 * fails the copy, so nothing is ever written outside the copy's folder.
 */
final class ObjectKeyPaths {
    /** S3 keys are at most 1024 bytes; a model's files are never this deep. */
    static final int MAX_KEY_LENGTH = 1024;
    static final int MAX_DEPTH = 32;
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1f\\x7f\\\\]");

    private ObjectKeyPaths() {
    }

    /**
     * The path of an object below the model's folder, with '/' separators; a key ending in '/'
     * (a folder marker some tools write) gives a path ending in '/'.
     *
     * @param modelPrefix the model folder's key prefix, ending with '/'
     * @throws IOException naming the key, when it is not a safe path inside the model folder
     */
    static String relativePath(String key, String modelPrefix) throws IOException {
        if (key.length() > MAX_KEY_LENGTH || !key.startsWith(modelPrefix)) {
            throw unsafe(key, "it is not inside " + modelPrefix);
        }
        String relative = key.substring(modelPrefix.length());
        String path = relative.endsWith("/") ? relative.substring(0, relative.length() - 1) : relative;
        if (path.isEmpty()) {
            return relative;
        }
        if (CONTROL.matcher(path).find()) {
            throw unsafe(key, "it holds a backslash or a control character");
        }
        String[] segments = path.split("/", -1);
        if (segments.length > MAX_DEPTH) {
            throw unsafe(key, "it is more than " + MAX_DEPTH + " folders deep");
        }
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw unsafe(key, "its path holds '.', '..' or an empty segment");
            }
        }
        return relative;
    }

    /**
     * Where a relative path from {@link #relativePath} lies in a folder, checked once more
     * against the folder itself.
     */
    static Path resolveInside(Path folder, String relative) throws IOException {
        Path target = folder.resolve(relative).normalize();
        if (!target.startsWith(folder)) {
            throw new IOException("object path '" + relative + "' points outside the model folder");
        }
        return target;
    }

    private static IOException unsafe(String key, String why) {
        // the key goes to the log and the index: no line breaks or escapes from the store
        String printable = CONTROL.matcher(key.length() > 200 ? key.substring(0, 200) + "..." : key).replaceAll("?");
        return new IOException("refused object key '" + printable + "': " + why);
    }
}

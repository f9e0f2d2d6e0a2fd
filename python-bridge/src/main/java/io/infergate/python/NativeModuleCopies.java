package io.infergate.python;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where GraalPy copies a native module (numpy's shared libraries) for each context that imports
 * it ({@code IsolateNativeModules}): a temporary folder of this process, the only folder outside
 * their policy that every model's sandbox may write, deleted when the JVM exits.
 */
final class NativeModuleCopies {
    private static final Path DIRECTORY = create();

    private NativeModuleCopies() {
    }

    static Path directory() {
        return DIRECTORY;
    }

    private static Path create() {
        try {
            Path directory = Files.createTempDirectory("infergate-native-modules-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(directory), "infergate-native-cleanup"));
            return directory.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder for native module copies", e);
        }
    }

    private static void deleteTree(Path root) {
        try {
            FileTrees.delete(root);
        } catch (IOException e) {
            // The JVM is exiting; the OS's temporary-file cleanup takes what is left.
        }
    }
}

package io.infergate.engine.repository.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the temporary folders models are written to (load requests' files, copies of remote models). */
public final class Folders {
    private Folders() {
    }

    /** Removes a folder and everything in it; a failure only leaves garbage behind, and is logged. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.getLogger(Folders.class.getName()).log(System.Logger.Level.WARNING,
                    "could not remove " + root + ": " + e.getMessage());
        }
    }
}

package io.infergate.python;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Removes a folder and everything in it: partial unpacks and copies the runtimes leave behind. */
public final class FileTrees {
    private FileTrees() {
    }

    /** Deletes root and everything below it; nothing when root does not exist. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}

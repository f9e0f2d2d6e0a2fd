package io.infergate.gateway.security;

import static io.infergate.engine.api.InferenceException.invalid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one folder where a client may make the server write a file it names (the logging
 * extension's {@code log_file}, the trace extension's {@code trace_file}): a path outside it, or
 * one that leads out through a link, is refused, and without a folder no client-chosen file is
 * allowed at all. Open what {@link #resolve} returns without following links.
 */
public final class AllowedFolder {
    private final Optional<Path> folder;
    private final String kind;
    private final String flags;

    /**
     * @param folder where clients may write, if anywhere
     * @param kind   what the files are ("log", "trace"), for the refusals
     * @param flags  the start-up flags that set the folder, named in the refusal when there is none
     */
    public AllowedFolder(Optional<Path> folder, String kind, String flags) {
        this.folder = folder.map(f -> f.toAbsolutePath().normalize());
        this.kind = kind;
        this.flags = flags;
    }

    /**
     * The absolute path of {@code file} (relative to the folder, or absolute inside it);
     * INVALID_ARG naming {@code setting} when refused.
     */
    public Path resolve(String setting, String file) {
        Path root = folder.orElseThrow(() -> invalid(setting + " '" + file + "' refused: the server allows no "
                + kind + " folder (start it with " + flags + ")"));
        Path path = root.resolve(file).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw invalid(setting + " '" + file + "' refused: it is outside the " + kind + " folder " + root);
        }
        try {
            // a link anywhere on the way could lead out of the folder: compare real paths
            Path realFolder = root.toRealPath();
            Path realParent = path.getParent().toRealPath();
            if (!realParent.startsWith(realFolder) || Files.isSymbolicLink(path)) {
                throw invalid(setting + " '" + file + "' refused: it leads outside the " + kind + " folder " + root);
            }
        } catch (NoSuchFileException e) {
            throw invalid(setting + " '" + file + "' refused: its folder does not exist");
        } catch (IOException e) {
            throw invalid(setting + " '" + file + "' refused: " + e.getMessage());
        }
        return path;
    }
}

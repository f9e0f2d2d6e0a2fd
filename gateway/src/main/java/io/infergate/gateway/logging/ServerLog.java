package io.infergate.gateway.logging;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.gateway.security.AllowedFolder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * The process's log settings, applied to java.util.logging's root logger (Vert.x's records
 * included): one per process, as that logger is, whatever number of servers run in it. Clients
 * read and change them through the logging extension; a change applies to the next record.
 *
 * <p>A client may point {@code log_file} only at a file inside the allowed folder
 * ({@code --log-dir}, else the folder of the start-up {@code --log-file}); with neither, it may
 * only go back to the console. Links are not followed out of the folder.
 */
public final class ServerLog {
    private static final ServerLog PROCESS = new ServerLog();

    private LogSettings current = LogSettings.DEFAULTS;
    private AllowedFolder allowedFolder = logFolder(Optional.empty());
    /** Where the lines go now: standard error or a file this class opened (and closes when it changes). */
    private OutputStream target;

    private ServerLog() {
    }

    /** The one for this process. */
    public static ServerLog process() {
        return PROCESS;
    }

    /**
     * Applies the start-up settings: the file the operator named is opened as it is (the folder
     * rule is for clients).
     *
     * @throws UncheckedIOException when the file cannot be opened for appending
     */
    public synchronized void configure(LogSettings settings, Optional<Path> allowedFolder) {
        this.allowedFolder = logFolder(allowedFolder);
        OutputStream stream = settings.logFile().isEmpty() ? null : open(Path.of(settings.logFile()));
        install(settings, stream);
    }

    private static AllowedFolder logFolder(Optional<Path> folder) {
        return new AllowedFolder(folder, "log", "--log-dir or --log-file");
    }

    public synchronized LogSettings current() {
        return current;
    }

    /** Applies a client's change whole, or nothing of it; INVALID_ARG names what is wrong. */
    public synchronized LogSettings update(Map<String, ?> changes) {
        LogSettings next = LogSettingsChange.apply(current, changes);
        boolean sameTarget = next.logFile().isEmpty() || next.logFile().equals(current.logFile());
        install(next, sameTarget ? null : openForClient(next.logFile()));
        return current;
    }

    private OutputStream openForClient(String file) {
        Path path = allowedFolder.resolve(LogSettings.LOG_FILE, file);
        try {
            return Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            throw invalid("log_file '" + file + "' cannot be opened: " + e.getMessage());
        }
    }

    private static OutputStream open(Path file) {
        try {
            return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open --log-file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts a handler for these settings in place of the root logger's console handler (and of
     * ours), writing to {@code stream}; null keeps the file written to now, or means the console
     * when the settings name no file.
     */
    private void install(LogSettings settings, OutputStream stream) {
        OutputStream previous = target;
        if (stream != null) {
            target = stream;
        } else if (settings.logFile().isEmpty() || target == null) {
            target = System.err;
        }
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof ConsoleHandler || handler instanceof LogOutput) {
                root.removeHandler(handler);
                handler.flush();
            }
        }
        root.setLevel(settings.threshold());
        root.addHandler(new LogOutput(target, settings));
        if (previous != null && previous != target && previous != System.err) {
            try {
                previous.close();
            } catch (IOException e) {
                Logger.getLogger(ServerLog.class.getName()).warning("closing the previous log file: " + e.getMessage());
            }
        }
        current = settings;
    }
}

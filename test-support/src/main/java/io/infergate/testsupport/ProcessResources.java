package io.infergate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What this JVM holds from the kernel, read from /proc (Linux): open descriptors and mappings. */
public final class ProcessResources {
    private ProcessResources() {
    }

    /** How many file descriptors are open now. */
    public static long openDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many open file descriptors lead to a file whose path contains {@code text} (a shared-memory object's name). */
    public static long openDescriptorsOf(String text) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains(text);
                } catch (IOException closedMeanwhile) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many mappings the process has now. */
    public static long mappings() {
        return mappingsOf("");
    }

    /** How many mappings name a file whose path contains {@code text} (a shared-memory object's name). */
    public static long mappingsOf(String text) {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(line -> line.contains(text)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

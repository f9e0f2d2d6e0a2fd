package io.infergate.engine.repository.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A cheap digest of a model folder that changes when anything a load reads changes: the path,
 * size and modification time of every file and folder below it (config.pbtxt, version folders,
 * model files, label files, warmup data). File contents are not read, so a scan of a large
 * repository costs one stat per file.
 */
public final class ModelFingerprint {
    /** Folders deeper than this below a model folder are not looked at. */
    private static final int MAX_DEPTH = 16;

    private ModelFingerprint() {
    }

    /**
     * The fingerprint of a model folder. Blocking: call from a worker thread.
     *
     * @throws IOException when the folder cannot be read (for one, when it is deleted while it is
     *                     walked); the caller keeps the last fingerprint it knows
     */
    public static String of(Path modelDir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> tree = Files.walk(modelDir, MAX_DEPTH)) {
            for (Path path : tree.sorted().toList()) {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                lines.add(modelDir.relativize(path) + "\u0000" + (attributes.isDirectory() ? "dir"
                        : attributes.size() + "\u0000" + attributes.lastModifiedTime().toInstant()));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return ofLines(lines);
    }

    /**
     * The fingerprint of a model folder described line by line, in a stable order (a remote
     * store's key, size and ETag of each object).
     */
    public static String ofLines(List<String> lines) {
        MessageDigest digest = sha256();
        lines.forEach(line -> digest.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

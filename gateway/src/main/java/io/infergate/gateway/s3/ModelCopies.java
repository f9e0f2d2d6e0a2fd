package io.infergate.gateway.s3;

import io.infergate.engine.repository.spi.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local copies of a remote repository's models, in a private folder (0700) made on first use
 * and removed on close: {@code <root>/<model>/<n>/<model>/...}, so a copy's folder has the model's
 * name. A model is copied again only when its fingerprint changed; the copy before the newest is
 * kept, since a version loaded from it may still be draining, and older ones are removed.
 */
final class ModelCopies {
    /** Copies of one model kept at once: the newest and the one before it. */
    private static final int KEPT = 2;

    private final Path parent;
    private final String label;
    private final AtomicLong counter = new AtomicLong();
    /** Per model, newest first; a model's deque is touched only under that model's lock. */
    private final Map<String, Deque<Copy>> copies = new ConcurrentHashMap<>();
    private volatile Path root;

    /** What fills a fresh, empty folder with a model's files. */
    @FunctionalInterface
    interface Filler {
        void fill(Path folder) throws IOException;
    }

    private record Copy(String fingerprint, Path folder) {
    }

    /**
     * @param parent the folder the private cache folder is made in
     * @param label  a prefix of the cache folder's name, telling what it is a copy of
     */
    ModelCopies(Path parent, String label) {
        this.parent = parent;
        this.label = label;
    }

    /**
     * The folder of the model's copy with this fingerprint: the last one made when it has the
     * same fingerprint, else a new one that {@code filler} fills. A copy that fails is removed.
     */
    Path folderFor(String model, String fingerprint, Filler filler) throws IOException {
        Deque<Copy> kept = copies.computeIfAbsent(model, name -> new ArrayDeque<>());
        synchronized (kept) {
            Copy newest = kept.peekFirst();
            if (newest != null && newest.fingerprint().equals(fingerprint) && Files.isDirectory(newest.folder())) {
                return newest.folder();
            }
            Path copyRoot = root().resolve(model).resolve(Long.toString(counter.incrementAndGet()));
            Path folder = Files.createDirectories(copyRoot.resolve(model));
            try {
                filler.fill(folder);
            } catch (IOException | RuntimeException e) {
                Folders.deleteTree(copyRoot);
                throw e;
            }
            kept.addFirst(new Copy(fingerprint, folder));
            while (kept.size() > KEPT) {
                Folders.deleteTree(kept.removeLast().folder().getParent());
            }
            return folder;
        }
    }

    /** The cache folder, made private on first use. */
    private synchronized Path root() throws IOException {
        if (root == null) {
            Files.createDirectories(parent);
            root = Files.createTempDirectory(parent, label,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return root;
    }

    /** Removes every copy. */
    synchronized void close() {
        if (root != null) {
            Folders.deleteTree(root);
            copies.clear();
        }
    }
}

package io.infergate.python.cpython;

import io.infergate.python.DefaultEnvironment;
import io.infergate.python.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stub's Python files, written from this jar into the cache once per version of them:
 * {@code <cache>/python/cpython-stub/<digest>/}, with the pb_utils module and glue the GraalPy
 * runtime uses beside the stub, so both runtimes run one Python source of the API.
 */
final class StubFiles {
    private static final String[] RESOURCES = {
        "/io/infergate/python/cpython/infergate_stub.py",
        "/io/infergate/python/infergate_runtime.py",
        "/io/infergate/python/triton_python_backend_utils.py",
    };
    private static volatile Path script;

    private StubFiles() {
    }

    /** The stub script's path, writing the files on first use. */
    static Path script() throws IOException {
        Path written = script;
        if (written == null) {
            synchronized (StubFiles.class) {
                written = script;
                if (written == null) {
                    written = write(DefaultEnvironment.cacheRoot().resolve("python").resolve("cpython-stub"));
                    script = written;
                }
            }
        }
        return written;
    }

    /** Writes into a temporary sibling renamed into place, so other servers sharing the cache never see a half-written folder. */
    private static Path write(Path root) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        MessageDigest digest = sha256();
        for (String resource : RESOURCES) {
            byte[] content = resource(resource);
            files.put(resource.substring(resource.lastIndexOf('/') + 1), content);
            digest.update(content);
        }
        Path folder = root.resolve(HexFormat.of().formatHex(digest.digest(), 0, 12));
        Path stub = folder.resolve("infergate_stub.py");
        if (Files.isRegularFile(stub)) {
            return stub;
        }
        Files.createDirectories(root);
        Path partial = Files.createTempDirectory(root, folder.getFileName() + ".partial-");
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Files.write(partial.resolve(file.getKey()), file.getValue());
            }
            Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Another server may have written the same files first.
            if (!Files.isRegularFile(stub)) {
                throw e;
            }
        } finally {
            FileTrees.delete(partial);
        }
        return stub;
    }

    private static byte[] resource(String name) {
        try (InputStream in = StubFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.infergate.python;

import io.infergate.engine.config.ModelConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * An {@code EXECUTION_ENV_PATH} given as a {@code .tar.gz} of a virtual environment (as Triton
 * users ship conda-pack archives): unpacked once into the cache, in a folder named after the
 * archive's SHA-256, so a changed archive gets a fresh folder and an unchanged one is reused.
 */
final class EnvironmentArchive {
    private static final long UNPACK_LIMIT_MINUTES = 10;

    private EnvironmentArchive() {
    }

    /** The environment's folder: the path itself, or where its archive was unpacked. */
    static Path unpackIfArchive(Path path) throws ModelConfigException {
        String name = path.getFileName().toString();
        if (!name.endsWith(".tar.gz") && !name.endsWith(".tgz")) {
            if (!Files.isDirectory(path)) {
                throw new ModelConfigException("python parameter '" + SandboxPolicy.EXECUTION_ENV_PATH + "': "
                        + path + " is neither a folder nor a .tar.gz archive");
            }
            return path;
        }
        if (!Files.isRegularFile(path)) {
            throw new ModelConfigException("python parameter '" + SandboxPolicy.EXECUTION_ENV_PATH + "': archive "
                    + path + " does not exist");
        }
        try {
            Path target = DefaultEnvironment.cacheRoot().resolve("python").resolve("envs").resolve(sha256(path));
            if (!Files.isDirectory(target)) {
                unpack(path, target);
            }
            return target;
        } catch (IOException e) {
            throw new ModelConfigException("python parameter '" + SandboxPolicy.EXECUTION_ENV_PATH
                    + "': cannot unpack " + path + ": " + e.getMessage());
        }
    }

    /** GNU tar unpacks into a temporary sibling, renamed into place once complete. */
    private static void unpack(Path archive, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempDirectory(target.getParent(), target.getFileName() + ".partial-");
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", partial.toString())
                .redirectErrorStream(true).start();
        try {
            boolean done = tar.waitFor(UNPACK_LIMIT_MINUTES, TimeUnit.MINUTES);
            String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!done || tar.exitValue() != 0) {
                tar.destroyForcibly();
                throw new IOException(done ? "tar failed: " + output : "tar ran past " + UNPACK_LIMIT_MINUTES + " min");
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (InterruptedException e) {
            tar.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking", e);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@code EXECUTION_ENV_PATH} given as a {@code .tar.gz} of a virtual environment (as Triton
 * users ship conda-pack archives): unpacked once into the cache, in a folder named after the
 * archive's SHA-256, so a changed archive gets a fresh folder and an unchanged one is reused.
 */
public final class EnvironmentArchive {
    private static final long UNPACK_LIMIT_MINUTES = 10;

    private EnvironmentArchive() {
    }

    /** The environment's folder: the path itself, or where its archive was unpacked. */
    public static Path unpackIfArchive(Path path) throws ModelConfigException {
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

    /**
     * GNU tar unpacks into a temporary sibling, renamed into place once complete. The archive is
     * listed first and refused when a member's name is absolute or climbs out with {@code ..}.
     * Symbolic links stay (virtual environments have them); GNU tar creates a link that points
     * outside only after every other member, so no member is written through one.
     */
    private static void unpack(Path archive, Path target) throws IOException {
        for (String name : tar("-tzf", archive.toString()).split("\n")) {
            if (name.startsWith("/") || ("/" + name + "/").contains("/../")) {
                throw new IOException("refused: member '" + name + "' leaves the archive's folder");
            }
        }
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempDirectory(target.getParent(), target.getFileName() + ".partial-");
        try {
            tar("-xzf", archive.toString(), "-C", partial.toString());
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            FileTrees.delete(partial);
        }
    }

    /** Runs GNU tar with the arguments; its output, or an IOException with its complaint. */
    private static String tar(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("tar"));
        command.addAll(List.of(arguments));
        Process tar = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            // Read before waiting: a long listing would otherwise fill the pipe and stall tar.
            String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!tar.waitFor(UNPACK_LIMIT_MINUTES, TimeUnit.MINUTES)) {
                throw new IOException("tar ran past " + UNPACK_LIMIT_MINUTES + " min");
            }
            if (tar.exitValue() != 0) {
                throw new IOException("not a readable .tar.gz: " + output.strip());
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking", e);
        } finally {
            tar.destroyForcibly();
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

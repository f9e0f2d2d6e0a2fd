package io.infergate.image;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server's image as Jib writes it (gateway/target/jib-image.tar, an OCI image layout:
 * index.json, then the manifest, configuration and layers as blobs named by their digests): its
 * configuration, the paths each layer holds, and the layers unpacked into one root folder. Read
 * with the system's tar, which also unpacks gzip-compressed layers.
 */
final class ServerImage {
    private final Path unpacked;
    private final JsonObject manifest;

    private ServerImage(Path unpacked, JsonObject manifest) {
        this.unpacked = unpacked;
        this.manifest = manifest;
    }

    /** Unpacks the tarball's index, manifest, configuration and layer blobs into workDir. */
    static ServerImage open(Path tarball, Path workDir) {
        tar("-xf", tarball.toString(), "-C", workDir.toString());
        JsonArray manifests = new JsonObject(read(workDir.resolve("index.json"))).getJsonArray("manifests");
        String digest = manifests.getJsonObject(0).getString("digest");
        return new ServerImage(workDir, new JsonObject(read(blob(workDir, digest))));
    }

    /** The image's run configuration: Entrypoint, Cmd, User, Env, ExposedPorts, WorkingDir. */
    JsonObject config() {
        String digest = manifest.getJsonObject("config").getString("digest");
        return new JsonObject(read(blob(unpacked, digest))).getJsonObject("config");
    }

    /** The layers' files in the tarball, base first. */
    List<Path> layers() {
        return manifest.getJsonArray("layers").stream()
                .map(layer -> blob(unpacked, ((JsonObject) layer).getString("digest"))).toList();
    }

    /** Where a blob of this digest ("sha256:...") lies in an OCI layout. */
    private static Path blob(Path layout, String digest) {
        return layout.resolve("blobs").resolve(digest.replace(':', '/'));
    }

    /** The paths one layer holds, as tar lists them (no leading slash). */
    static List<String> paths(Path layer) {
        return List.of(tar("-tf", layer.toString()).split("\n"));
    }

    /** Every layer unpacked in order into rootfs, as a container runtime lays them. */
    void unpackInto(Path rootfs) {
        for (Path layer : layers()) {
            tar("-xf", layer.toString(), "-C", rootfs.toString());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tar(String... args) {
        List<String> command = new ArrayList<>(List.of("tar", "--warning=no-unknown-keyword"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("failed: " + String.join(" ", command));
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

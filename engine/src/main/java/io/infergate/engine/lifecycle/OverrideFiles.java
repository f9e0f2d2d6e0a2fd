package io.infergate.engine.lifecycle;

import io.infergate.engine.model.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes the files a load request carries into a fresh temporary model folder. Their names come
 * from the network: each must be "&lt;version&gt;/&lt;relative path&gt;" that stays inside the folder.
 * The folder lives only while the model loads: backends read their files when an instance is
 * created, so nothing is left behind in the temporary directory.
 */
final class OverrideFiles {
    private OverrideFiles() {
    }

    static Path materialize(String model, Map<String, byte[]> files) throws ModelLoadException {
        try {
            Path root = Files.createTempDirectory("infergate-load-");
            Path modelDir = Files.createDirectory(root.resolve(model));
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = resolveInside(modelDir, file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue(), StandardOpenOption.CREATE_NEW);
            }
            return modelDir;
        } catch (IOException e) {
            throw new ModelLoadException("failed to write the model files of the load request: " + e.getMessage(), e);
        }
    }

    private static Path resolveInside(Path modelDir, String name) throws ModelLoadException {
        String[] parts = name.split("/", 2);
        if (parts.length != 2 || !parts[0].matches("[0-9]{1,18}") || parts[1].isEmpty()) {
            throw new ModelLoadException("file override '" + name + "' must be named 'file:<version>/<path>'");
        }
        Path target = modelDir.resolve(name).normalize();
        if (name.contains("..") || name.contains("\\") || name.startsWith("/") || !target.startsWith(modelDir)) {
            throw new ModelLoadException("file override '" + name + "' points outside the model folder");
        }
        return target;
    }
}

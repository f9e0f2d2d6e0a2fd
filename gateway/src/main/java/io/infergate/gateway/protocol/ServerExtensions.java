package io.infergate.gateway.protocol;

import java.util.ArrayList;
import java.util.List;

/** The Triton extensions this server implements, and only those: server metadata lists them on every frontend. */
public final class ServerExtensions {
    public static final List<String> LIST = List.of("classification", "model_repository", "model_configuration",
            "statistics", "binary_tensor_data", "parameters");
    /** Listed only when clients may use it ({@code --allow-client-shm=true}). */
    public static final String SYSTEM_SHARED_MEMORY = "system_shared_memory";

    private ServerExtensions() {
    }

    /** The extensions of a server whose clients may, or may not, use system shared memory. */
    public static List<String> list(boolean systemSharedMemory) {
        if (!systemSharedMemory) {
            return LIST;
        }
        List<String> extensions = new ArrayList<>(LIST);
        extensions.add(SYSTEM_SHARED_MEMORY);
        return List.copyOf(extensions);
    }
}

package io.infergate.gateway.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * The Triton extensions this server implements, and only those, under Triton's names and in the
 * order Triton lists them: server metadata lists them on every frontend. {@code system_shared_memory}
 * is listed only when clients may use it; not listed because not implemented:
 * {@code cuda_shared_memory}.
 */
public final class ServerExtensions {
    public static final List<String> LIST = List.of(
            "classification",
            // sequence_id, sequence_start and sequence_end request parameters (sequence batcher)
            "sequence",
            "model_repository",
            "model_repository(unload_dependents)",
            // priority and timeout request parameters
            "schedule_policy",
            "model_configuration",
            "binary_tensor_data",
            "parameters",
            "statistics",
            // GET/POST /v2[/models/M]/trace/setting and TraceSetting
            "trace",
            // GET/POST /v2/logging and LogSettings
            "logging");
    /** Listed only when clients may use it ({@code --allow-client-shm=true}). */
    public static final String SYSTEM_SHARED_MEMORY = "system_shared_memory";

    private ServerExtensions() {
    }

    /** The extensions of a server whose clients may, or may not, use system shared memory (after model_configuration, as Triton lists it). */
    public static List<String> list(boolean systemSharedMemory) {
        if (!systemSharedMemory) {
            return LIST;
        }
        List<String> extensions = new ArrayList<>(LIST);
        extensions.add(extensions.indexOf("model_configuration") + 1, SYSTEM_SHARED_MEMORY);
        return List.copyOf(extensions);
    }
}

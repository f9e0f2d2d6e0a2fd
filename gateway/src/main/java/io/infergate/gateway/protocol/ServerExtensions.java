package io.infergate.gateway.protocol;

import java.util.List;

/**
 * The Triton extensions this server implements, and only those, under Triton's names and in the
 * order Triton lists them: server metadata lists them on every frontend. Not listed because not
 * implemented: {@code system_shared_memory}, {@code cuda_shared_memory}, {@code trace},
 * {@code logging}.
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
            "statistics");

    private ServerExtensions() {
    }
}

package io.infergate.gateway.protocol;

import java.util.List;

/** The Triton extensions this server implements, and only those: server metadata lists them on every frontend. */
public final class ServerExtensions {
    public static final List<String> LIST = List.of("classification", "model_repository", "model_configuration",
            "statistics", "binary_tensor_data", "parameters");

    private ServerExtensions() {
    }
}

package io.infergate.gateway.server;

import io.infergate.gateway.config.ServerOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Whole servers in this JVM for end-to-end tests: loopback only, free ports. */
final class TestServers {
    /** An identity model's config: INT32 [-1] in, the same out, batches up to 8. */
    static final String ECHO_CONFIG = """
            backend: "identity"
            max_batch_size: 8
            input [ { name: "INPUT0" data_type: TYPE_INT32 dims: [ -1 ] } ]
            output [ { name: "OUTPUT0" data_type: TYPE_INT32 dims: [ -1 ] } ]
            """;

    private TestServers() {
    }

    /** A server over this repository with these flags besides the ports and addresses. */
    static InfergateServer start(Path repository, String... flags) {
        List<String> args = new ArrayList<>(List.of("--model-repository=" + repository, "--http-port=0",
                "--metrics-port=0", "--grpc-port=0", "--http-address=127.0.0.1", "--grpc-address=127.0.0.1"));
        args.addAll(List.of(flags));
        return InfergateServer.start(ServerOptions.fromArgs(args.toArray(String[]::new))).await();
    }
}

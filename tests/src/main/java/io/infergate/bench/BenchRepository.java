package io.infergate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The benchmark models that the example repository lacks, written to a temporary repository. */
final class BenchRepository {
    /** A one-step ensemble around the example repository's {@code simple}. */
    static final String ENSEMBLE = "simple_ensemble";
    static final String SEQUENCE_DIRECT = "sequence_direct";
    static final String SEQUENCE_OLDEST = "sequence_oldest";
    /**
     * max_sequence_idle of the sequence models: a level's load stops mid-sequence, and the next
     * level reuses the load tool's sequence ids once these have expired.
     */
    static final long IDLE_MILLIS = 2000;

    private BenchRepository() {
    }

    static Path write() throws IOException {
        Path root = Files.createTempDirectory("infergate-bench");
        model(root, ENSEMBLE, """
                name: "simple_ensemble"
                platform: "ensemble"
                max_batch_size: 8
                input [ { name: "INPUT0" data_type: TYPE_INT32 dims: [ 16 ] },
                        { name: "INPUT1" data_type: TYPE_INT32 dims: [ 16 ] } ]
                output [ { name: "OUTPUT0" data_type: TYPE_INT32 dims: [ 16 ] },
                         { name: "OUTPUT1" data_type: TYPE_INT32 dims: [ 16 ] } ]
                ensemble_scheduling { step [ { model_name: "simple" model_version: -1
                    input_map { key: "INPUT0" value: "INPUT0" } input_map { key: "INPUT1" value: "INPUT1" }
                    output_map { key: "OUTPUT0" value: "OUTPUT0" } output_map { key: "OUTPUT1" value: "OUTPUT1" } } ] }
                """);
        model(root, SEQUENCE_DIRECT, dynaSequence("direct { max_queue_delay_microseconds: 1000 }"));
        model(root, SEQUENCE_OLDEST, dynaSequence(
                "oldest { max_candidate_sequences: 64 max_queue_delay_microseconds: 1000 }"));
        return root;
    }

    /**
     * Triton's simple_dyna_sequence shape (dyna_sequence backend, batches of up to 8, one
     * instance) with 2 ms of simulated compute per execution, whatever its batch size: the cost
     * a batch amortizes.
     */
    private static String dynaSequence(String strategy) {
        return """
                backend: "dyna_sequence"
                max_batch_size: 8
                sequence_batching {
                  max_sequence_idle_microseconds: %d
                  %s
                  control_input [
                    { name: "START" control [ { kind: CONTROL_SEQUENCE_START int32_false_true: [ 0, 1 ] } ] },
                    { name: "END" control [ { kind: CONTROL_SEQUENCE_END int32_false_true: [ 0, 1 ] } ] },
                    { name: "READY" control [ { kind: CONTROL_SEQUENCE_READY int32_false_true: [ 0, 1 ] } ] },
                    { name: "CORRID" control [ { kind: CONTROL_SEQUENCE_CORRID data_type: TYPE_UINT64 } ] }
                  ]
                }
                input [ { name: "INPUT" data_type: TYPE_INT32 dims: [ 1 ] } ]
                output [ { name: "OUTPUT" data_type: TYPE_INT32 dims: [ 1 ] } ]
                instance_group [ { count: 1 kind: KIND_CPU } ]
                parameters { key: "execute_delay_ms" value { string_value: "2" } }
                """.formatted(IDLE_MILLIS * 1000, strategy);
    }

    private static void model(Path root, String name, String config) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name).resolve("1")).getParent();
        Files.writeString(dir.resolve("config.pbtxt"), config);
    }
}

package io.infergate.python;

import io.infergate.engine.EngineOptions;
import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.engine.LocalEngine;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ModelLoadOverrides;
import io.infergate.engine.backend.BackendRegistry;
import io.infergate.engine.backend.identity.IdentityBackend;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.infergate.jmh.MicroBenchmark;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * An FP32 tensor into a Python model and back out (examples' python_identity, and
 * numpy_add_one: {@code Tensor("OUTPUT0", as_numpy() + 1)}, on GraalPy and, as
 * numpy_add_one_cpython, in a CPython stub process), next to the built-in identity backend with
 * the same request in the same run: the difference is what the Java/Python crossing and the
 * Python model cost. Run from the repository root (scripts/jmh, with INFERGATE_PYTHON_ENV and
 * INFERGATE_CPYTHON_ENV naming the numpy environments, as scripts/python-env and
 * scripts/cpython-env print them); the fork runs with JVMCI and the Graal compiler, so Python is
 * JIT-compiled.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
    "--upgrade-module-path=python-bridge/target/graal-compiler"})
public class PythonTensorBenchmark extends MicroBenchmark {
    /** numpy_add_one's model.py, written next to the examples at setup. */
    private static final String NUMPY_ADD_ONE = """
            import triton_python_backend_utils as pb_utils

            class TritonPythonModel:
                def execute(self, requests):
                    array = pb_utils.get_input_tensor_by_name(requests[0], "INPUT0").as_numpy()
                    return [pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("OUTPUT0", array + 1)])]
            """;

    @Param({"identity", "python_identity", "numpy_add_one", "numpy_add_one_cpython"})
    public String model;

    /** FP32 elements: 4 (16 bytes) and 1 Mi (4 MiB). */
    @Param({"4", "1048576"})
    public int elements;

    private Path numpyRepository;
    private Vertx vertx;
    private LocalEngine engine;
    private InferenceRequest request;

    @Setup
    public void setUp() throws Exception {
        vertx = Vertx.vertx();
        numpyRepository = Files.createTempDirectory("infergate-bench");
        String identityConfig = Files.readString(Path.of("examples/model_repository/python_identity/config.pbtxt"));
        writeModel("numpy_add_one", identityConfig.replace("python_identity", "numpy_add_one"));
        writeModel("numpy_add_one_cpython", identityConfig.replace("python_identity", "numpy_add_one_cpython") + """
                parameters { key: "INFERGATE_PYTHON_RUNTIME" value { string_value: "cpython" } }
                parameters { key: "EXECUTION_ENV_PATH" value { string_value: "%s" } }
                """.formatted(System.getenv().getOrDefault("INFERGATE_CPYTHON_ENV", "")));
        engine = join(LocalEngine.start(vertx, new EngineOptions(List.of(Path.of("examples/model_repository"), numpyRepository),
                ModelControlMode.EXPLICIT, List.of(), false, false),
                new BackendRegistry(List.of(new PythonBackend(), new IdentityBackend()))));
        join(engine.load(model, ModelLoadOverrides.NONE));
        ByteBuffer data = ByteBuffer.allocate(elements * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < elements; i++) {
            data.putFloat(i, i * 0.25f);
        }
        request = new InferenceRequest("", model, "",
                List.of(new Tensor("INPUT0", DataType.FP32, new long[] {1, elements}, data)), List.of(), Map.of());
    }

    private void writeModel(String name, String config) throws Exception {
        Path version = Files.createDirectories(numpyRepository.resolve(name).resolve("1"));
        Files.writeString(version.resolve("model.py"), NUMPY_ADD_ONE);
        Files.writeString(version.getParent().resolve("config.pbtxt"), config);
    }

    @Benchmark
    public InferenceResponse roundTrip() throws Exception {
        return join(engine.infer(request));
    }

    @TearDown
    public void tearDown() throws Exception {
        join(engine.close());
        join(vertx.close());
        try (var files = Files.walk(numpyRepository)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static <T> T join(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get();
    }
}

package io.infergate.python;

import io.infergate.engine.EngineOptions;
import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.engine.LocalEngine;
import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelLoadOverrides;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.backend.BackendRegistry;
import io.infergate.engine.backend.identity.IdentityBackend;
import io.infergate.engine.tensor.Tensor;
import io.infergate.testsupport.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An engine with the python and identity backends over a temporary repository, in explicit
 * control mode with auto-complete on: a test writes its models, then loads them. A test class
 * holds one as a {@code static final} {@code @RegisterExtension} field: the engine starts before
 * the class's {@code @BeforeAll} methods and closes, with its repository, after the last test.
 */
final class PythonEngine implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    static final Duration PYTHON_TIMEOUT = Duration.ofSeconds(180);
    /** The configuration of a Python model with one string input IN and one string output OUT. */
    static final String TEXT_IO = """
            backend: "python"
            input [ { name: "IN", data_type: TYPE_STRING, dims: [ -1 ] } ]
            output [ { name: "OUT", data_type: TYPE_STRING, dims: [ -1 ] } ]
            """;

    /**
     * Python for a model.py (after its pb_utils import): {@code attempt(action)} returns "allowed",
     * or the message of the TritonModelException the action raised.
     */
    static final String ATTEMPT = """
            def attempt(action):
                try:
                    action()
                    return "allowed"
                except pb_utils.TritonModelException as e:
                    return str(e)
            """;

    Path repository;
    Vertx vertx;
    LocalEngine engine;

    /** The fixture of a test class, started by {@link #beforeAll}. */
    PythonEngine() {
    }

    /** An engine over this repository, started now. */
    PythonEngine(Path repository) {
        start(repository);
    }

    private void start(Path folder) {
        repository = folder;
        vertx = Vertx.vertx();
        engine = await(LocalEngine.start(vertx, new EngineOptions(List.of(repository), ModelControlMode.EXPLICIT,
                List.of(), true, false), new BackendRegistry(List.of(new PythonBackend(), new IdentityBackend()))));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        start(Files.createTempDirectory("infergate-python-test"));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
        FileTrees.delete(repository);
    }

    /** Python models start an interpreter and may compile on first use: longer than Await's default. */
    static <T> T await(Future<T> future) {
        return Await.await(future, PYTHON_TIMEOUT);
    }

    /** Writes a model with a config and a version 1 model.py. */
    PythonEngine model(String name, String config, String modelPy) throws IOException {
        Path dir = repository.resolve(name);
        Files.createDirectories(dir.resolve("1"));
        Files.writeString(dir.resolve("config.pbtxt"), config);
        Files.writeString(dir.resolve("1").resolve("model.py"), modelPy);
        return this;
    }

    /** Copies a model of examples/model_repository. */
    PythonEngine example(String name) throws IOException {
        Path source = Path.of(System.getProperty("infergate.project.root", "..")).resolve("examples")
                .resolve("model_repository").resolve(name);
        try (var files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = repository.resolve(name).resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return this;
    }

    void load(String name) throws Exception {
        await(engine.load(name, ModelLoadOverrides.NONE));
    }

    /** Why a model failed to load, from the repository index. */
    String loadFailure(String name) {
        try {
            load(name);
        } catch (Exception e) {
            // the index has the reason
        }
        return engine.index(false).stream().filter(e -> e.name().equals(name)).map(ModelIndexEntry::reason)
                .findFirst().orElseThrow();
    }

    InferenceResponse infer(String model, Map<String, Object> parameters, Tensor... inputs) throws Exception {
        return infer(new InferenceRequest("", model, "", List.of(inputs), List.of(), parameters));
    }

    InferenceResponse infer(InferenceRequest request) throws Exception {
        return await(engine.infer(request));
    }

    InferenceException failure(String model, Tensor... inputs) {
        return failure(model, Map.of(), inputs);
    }

    InferenceException failure(String model, Map<String, Object> parameters, Tensor... inputs) {
        return Await.failure(engine.infer(new InferenceRequest("", model, "", List.of(inputs), List.of(), parameters)),
                InferenceException.class, PYTHON_TIMEOUT);
    }

    /** Every response of a streamed request, or the failure that ended it. */
    List<Object> stream(String model, Tensor... inputs) throws Exception {
        return streamAsync(model, Map.of(), Cancellation.NONE, inputs).done().get(PYTHON_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** A streamed request in flight: its first answer, and every answer once it ended. */
    record Streamed(CompletableFuture<Object> first, CompletableFuture<List<Object>> done) {
    }

    Streamed streamAsync(String model, Map<String, Object> parameters, Cancellation cancellation, Tensor... inputs) {
        return streamAsync(new InferenceRequest("", model, "", List.of(inputs), List.of(), parameters), cancellation);
    }

    /** Every response of a streamed request, or the failure that ended it. */
    List<Object> stream(InferenceRequest request) throws Exception {
        return streamAsync(request, Cancellation.NONE).done().get(PYTHON_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    Streamed streamAsync(InferenceRequest request, Cancellation cancellation) {
        List<Object> answers = new CopyOnWriteArrayList<>();
        Streamed streamed = new Streamed(new CompletableFuture<>(), new CompletableFuture<>());
        engine.inferStream(request, cancellation,
                new ResponseSink() {
                    @Override
                    public void response(InferenceResponse response) {
                        answer(response);
                    }

                    @Override
                    public void complete() {
                        streamed.done().complete(answers);
                    }

                    @Override
                    public void fail(InferenceException error) {
                        answer(error);
                        streamed.done().complete(answers);
                    }

                    private void answer(Object answer) {
                        answers.add(answer);
                        streamed.first().complete(answer);
                    }
                });
        return streamed;
    }

    @Override
    public void close() throws Exception {
        await(engine.close());
        await(vertx.close());
    }
}

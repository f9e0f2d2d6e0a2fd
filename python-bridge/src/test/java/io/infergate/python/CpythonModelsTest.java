package io.infergate.python;

import static io.infergate.python.PythonEngine.TEXT_IO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.Status;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.testsupport.LogCapture;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models on the CPython runtime (INFERGATE_PYTHON_RUNTIME=cpython): the same model.py and
 * pb_utils as on GraalPy, CPython-only wheels, errors, and the load-time checks.
 */
class CpythonModelsTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("infergate.project.root", ".."))
            .resolve("examples").resolve("model_repository");

    @RegisterExtension
    static final PythonEngine python = new PythonEngine();

    @BeforeAll
    static void start() throws Exception {
        CpythonEnvironment.venv();
        String addSubConfig = Files.readString(EXAMPLES.resolve("python_add_sub/config.pbtxt"))
                .replace("python_add_sub", "cpython_add_sub").replace("count: 2", "count: 1");
        python.model("cpython_add_sub", CpythonEnvironment.config(addSubConfig),
                Files.readString(EXAMPLES.resolve("python_add_sub/1/model.py")));
        // more stubs than a small machine has cores: each stub's threads must not wait for a carrier
        python.model("cpython_add_sub_x4", CpythonEnvironment.config(addSubConfig.replace("cpython_add_sub",
                "cpython_add_sub_x4").replace("count: 1", "count: 4")),
                Files.readString(EXAMPLES.resolve("python_add_sub/1/model.py")));
        python.model("cpython_raises", CpythonEnvironment.config(TEXT_IO), """
                import sys
                import numpy as np
                import triton_python_backend_utils as pb_utils

                class TritonPythonModel:
                    def execute(self, requests):
                        word = pb_utils.get_input_tensor_by_name(requests[0], "IN").as_numpy()[0].decode()
                        if word == "boom":
                            raise ValueError("boom was sent")
                        if word == "log":
                            for i in range(200):
                                pb_utils.Logger.log_info("line %d" % i)
                        if word == "error":
                            return [pb_utils.InferenceResponse(error=pb_utils.TritonError("bad input", pb_utils.TritonError.INVALID_ARG))]
                        answer = np.array([sys.implementation.name.encode()], dtype=np.object_)
                        return [pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("OUT", answer)])]
                """);
        python.model("cpython_streamer", CpythonEnvironment.config(TEXT_IO + """
                model_transaction_policy { decoupled: true }
                """), """
                import threading
                import numpy as np
                import triton_python_backend_utils as pb_utils

                def answer(text):
                    return pb_utils.InferenceResponse(
                        output_tensors=[pb_utils.Tensor("OUT", np.array([text.encode()], dtype=np.object_))])

                class TritonPythonModel:
                    def execute(self, requests):
                        sender = requests[0].get_response_sender()
                        word = pb_utils.get_input_tensor_by_name(requests[0], "IN").as_numpy()[0].decode()
                        if word == "later":
                            def later():
                                sender.send(answer("from a thread"))
                                sender.send(flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
                            threading.Thread(target=later).start()
                        elif word == "fail":
                            sender.send(answer("one"))
                            sender.send(pb_utils.InferenceResponse(
                                error=pb_utils.TritonError("gave up", pb_utils.TritonError.UNAVAILABLE)))
                        else:
                            sender.send(answer("one"))
                            sender.send(answer("two"))
                            sender.send(answer("three"), flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
                        return None
                """);
        python.model("text_identity", """
                backend: "identity"
                input [ { name: "INPUT0", data_type: TYPE_STRING, dims: [ -1 ] } ]
                output [ { name: "OUTPUT0", data_type: TYPE_STRING, dims: [ -1 ] } ]
                """, "");
        python.model("cpython_caller", CpythonEnvironment.config(TEXT_IO), """
                import asyncio
                import numpy as np
                import triton_python_backend_utils as pb_utils

                def call(model, word, input_name="IN", output_name="OUT"):
                    return pb_utils.InferenceRequest(model_name=model, requested_output_names=[output_name],
                        inputs=[pb_utils.Tensor(input_name, np.array([word.encode()], dtype=np.object_))])

                def text(response, output_name="OUT"):
                    if response.has_error():
                        return response.error().message()
                    return pb_utils.get_output_tensor_by_name(response, output_name).as_numpy()[0].decode()

                class TritonPythonModel:
                    async def execute(self, requests):
                        word = pb_utils.get_input_tensor_by_name(requests[0], "IN").as_numpy()[0].decode()
                        if word == "identity":
                            texts = [text(call("text_identity", "through identity", "INPUT0", "OUTPUT0").exec(), "OUTPUT0")]
                        elif word == "gather":
                            replies = await asyncio.gather(call("cpython_raises", "which").async_exec(),
                                                           call("cpython_raises", "error").async_exec())
                            texts = [text(r) for r in replies]
                        elif word == "stream":
                            texts = [text(r) for r in call("cpython_streamer", "all").exec(decoupled=True)]
                        else:
                            texts = [text(call("no_such_model", "x").exec())]
                        answer = np.array([t.encode() for t in texts], dtype=np.object_)
                        return [pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("OUT", answer)])]
                """);
        python.load("cpython_add_sub");
        python.load("cpython_add_sub_x4");
        python.load("cpython_raises");
        python.load("cpython_streamer");
        python.load("text_identity");
        python.load("cpython_caller");
    }

    private static List<String> calls(String word) throws Exception {
        InferenceResponse response = python.infer("cpython_caller", Map.of(), Tensors.strings("IN", word));
        return List.of(BytesElements.toStrings(response.outputs().getFirst().bytes()));
    }

    @Test
    void blsExecReachesAnotherBackendThroughTheEngine() throws Exception {
        assertEquals(List.of("through identity"), calls("identity"));
    }

    @Test
    void blsAsyncExecGathersAnswersAndErrorsOfACpythonModel() throws Exception {
        assertEquals(List.of("cpython", "bad input"), calls("gather"));
    }

    @Test
    void blsDecoupledExecIteratesStreamedResponses() throws Exception {
        assertEquals(List.of("one", "two", "three"), calls("stream"));
    }

    @Test
    void logLinesOfAnExecutionAreHandledBeforeItsAnswer() throws Exception {
        try (LogCapture log = LogCapture.of("io.infergate.python.model.cpython_raises")) {
            ask("cpython_raises", "log");
            List<LogRecord> lines = log.records();
            assertEquals(200, lines.size(), "every line logged before the answer came");
            assertEquals("line 199", lines.getLast().getMessage());
        }
    }

    @Test
    void blsToAMissingModelAnswersWithItsError() throws Exception {
        String error = calls("missing").getFirst();
        assertTrue(error.contains("no_such_model"), error);
    }

    private static String ask(String model, String word) throws Exception {
        InferenceResponse response = python.infer(model, Map.of(), Tensors.strings("IN", word));
        return BytesElements.toStrings(response.outputs().getFirst().bytes())[0];
    }

    @Test
    void addSubInNumpyRunsOnCpython() throws Exception {
        int[] a = new int[16];
        int[] b = new int[16];
        for (int i = 0; i < 16; i++) {
            a[i] = i;
            b[i] = 100 * i;
        }
        InferenceResponse response = python.infer("cpython_add_sub", Map.of(),
                Tensors.int32("INPUT0", new long[] {1, 16}, a), Tensors.int32("INPUT1", new long[] {1, 16}, b));
        int[] sum = Tensors.ints(response.outputs().stream().filter(t -> t.name().equals("OUTPUT0")).findFirst().orElseThrow());
        int[] difference = Tensors.ints(response.outputs().stream().filter(t -> t.name().equals("OUTPUT1")).findFirst()
                .orElseThrow());
        for (int i = 0; i < 16; i++) {
            assertEquals(101 * i, sum[i]);
            assertEquals(-99 * i, difference[i]);
        }
    }

    @Test
    void everyInstanceOfAModelWithMoreStubsThanCoresAnswers() {
        int[] ones = new int[16];
        Arrays.fill(ones, 1);
        List<Future<InferenceResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(python.engine.infer(new InferenceRequest("", "cpython_add_sub_x4", "", List.of(
                    Tensors.int32("INPUT0", new long[] {1, 16}, ones), Tensors.int32("INPUT1", new long[] {1, 16}, ones)),
                    List.of(), Map.of())));
        }
        for (Future<InferenceResponse> answer : answers) {
            InferenceResponse response = PythonEngine.await(answer);
            assertEquals(2, Tensors.ints(response.outputs().stream().filter(t -> t.name().equals("OUTPUT0"))
                    .findFirst().orElseThrow())[0]);
        }
    }

    @Test
    void modelRunsOnCpythonNotGraalPy() throws Exception {
        assertEquals("cpython", ask("cpython_raises", "which"));
    }

    @Test
    void cpythonOnlyWheelRunsAnOnnxModel() throws Exception {
        Path version = python.repository.resolve("cpython_onnx").resolve("1");
        python.model("cpython_onnx", CpythonEnvironment.config("""
                backend: "python"
                input [ { name: "A", data_type: TYPE_INT32, dims: [ 1, 16 ] }, { name: "B", data_type: TYPE_INT32, dims: [ 1, 16 ] } ]
                output [ { name: "SUM", data_type: TYPE_INT32, dims: [ 1, 16 ] } ]
                """), """
                import os
                import onnxruntime
                import triton_python_backend_utils as pb_utils

                class TritonPythonModel:
                    def initialize(self, args):
                        path = os.path.join(args["model_repository"], args["model_version"], "simple.onnx")
                        self.session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])

                    def execute(self, requests):
                        a = pb_utils.get_input_tensor_by_name(requests[0], "A").as_numpy()
                        b = pb_utils.get_input_tensor_by_name(requests[0], "B").as_numpy()
                        total, _ = self.session.run(["OUTPUT0", "OUTPUT1"], {"INPUT0": a, "INPUT1": b})
                        return [pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("SUM", total)])]
                """);
        Files.copy(EXAMPLES.resolve("simple/1/model.onnx"), version.resolve("simple.onnx"));
        python.load("cpython_onnx");
        int[] a = new int[16];
        int[] b = new int[16];
        java.util.Arrays.fill(a, 40);
        java.util.Arrays.fill(b, 2);
        InferenceResponse response = python.infer("cpython_onnx", Map.of(), Tensors.int32("A", new long[] {1, 16}, a),
                Tensors.int32("B", new long[] {1, 16}, b));
        int[] expected = new int[16];
        java.util.Arrays.fill(expected, 42);
        assertArrayEquals(expected, Tensors.ints(response.outputs().getFirst()));
    }

    /** A streamed request's answers: the text of each response, the message of an error. */
    private static List<String> streamed(String word) throws Exception {
        List<String> texts = new ArrayList<>();
        for (Object answer : python.stream("cpython_streamer", Tensors.strings("IN", word))) {
            texts.add(answer instanceof InferenceResponse response
                    ? BytesElements.toStrings(response.outputs().getFirst().bytes())[0]
                    : ((InferenceException) answer).getMessage());
        }
        return texts;
    }

    @Test
    void decoupledModelStreamsUntilTheFinalFlag() throws Exception {
        assertEquals(List.of("one", "two", "three"), streamed("all"));
    }

    @Test
    void decoupledModelSendsFromAThreadAfterExecuteReturned() throws Exception {
        assertEquals(List.of("from a thread"), streamed("later"));
    }

    @Test
    void decoupledErrorResponseEndsTheStream() throws Exception {
        assertEquals(List.of("one", "gave up"), streamed("fail"));
    }

    @Test
    void exceptionInExecuteFailsThatRequestWithItsText() throws Exception {
        InferenceException error = python.failure("cpython_raises", Tensors.strings("IN", "boom"));
        assertEquals(Status.INTERNAL, error.status());
        assertTrue(error.getMessage().contains("ValueError: boom was sent"), error.getMessage());
        assertEquals("cpython", ask("cpython_raises", "again"));
    }

    @Test
    void errorResponseKeepsItsCode() throws Exception {
        InferenceException error = python.failure("cpython_raises", Tensors.strings("IN", "error"));
        assertEquals(Status.INVALID_ARG, error.status());
        assertEquals("bad input", error.getMessage());
    }

    @Test
    void initializeFailureFailsTheLoadWithTheTraceback() throws Exception {
        python.model("cpython_broken", CpythonEnvironment.config(TEXT_IO), """
                class TritonPythonModel:
                    def initialize(self, args):
                        raise RuntimeError("cannot start")
                """);
        String reason = python.loadFailure("cpython_broken");
        assertTrue(reason.contains("Traceback") && reason.contains("RuntimeError: cannot start"), reason);
    }

    @Test
    void unknownRuntimeFailsTheLoad() throws Exception {
        python.model("jython_model", TEXT_IO + """
                parameters { key: "INFERGATE_PYTHON_RUNTIME", value { string_value: "jython" } }
                """, "class TritonPythonModel:\n    pass\n");
        String reason = python.loadFailure("jython_model");
        assertTrue(reason.contains("INFERGATE_PYTHON_RUNTIME' is 'jython'; expected graalpy (the default) or cpython"),
                reason);
    }

    @Test
    void environmentWithoutAnInterpreterFailsTheLoad() throws Exception {
        Path empty = Files.createDirectories(python.repository.resolve(".empty-env"));
        python.model("no_interpreter", TEXT_IO + """
                parameters { key: "INFERGATE_PYTHON_RUNTIME", value { string_value: "cpython" } }
                parameters { key: "EXECUTION_ENV_PATH", value { string_value: "%s" } }
                """.formatted(empty), "class TritonPythonModel:\n    pass\n");
        String reason = python.loadFailure("no_interpreter");
        assertTrue(reason.contains(empty + " has no bin/python3"), reason);
    }

    /** A virtual environment without pip or packages, made by the test environment's Python. */
    private static Path bareEnvironment(Path folder) throws Exception {
        Process venv = new ProcessBuilder(CpythonEnvironment.venv().resolve("bin/python3").toString(), "-m", "venv",
                "--without-pip", folder.toString()).inheritIO().start();
        assertEquals(0, venv.waitFor());
        return folder;
    }

    @Test
    void archivedEnvironmentIsUnpackedAndRunsTheModel(@TempDir Path outside) throws Exception {
        // numpy comes from the test environment through a .pth file, so the archive stays a few KB.
        Path env = bareEnvironment(outside.resolve("packed"));
        Path sitePackages;
        try (var lib = Files.list(env.resolve("lib"))) {
            sitePackages = lib.findFirst().orElseThrow().resolve("site-packages");
        }
        try (var lib = Files.list(CpythonEnvironment.venv().resolve("lib"))) {
            Files.writeString(sitePackages.resolve("test-env.pth"),
                    lib.findFirst().orElseThrow().resolve("site-packages") + "\n");
        }
        Path archive = outside.resolve("packed.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", env.toString(), ".").start();
        assertEquals(0, tar.waitFor());
        python.model("cpython_archived", TEXT_IO + """
                parameters { key: "INFERGATE_PYTHON_RUNTIME", value { string_value: "cpython" } }
                parameters { key: "EXECUTION_ENV_PATH", value { string_value: "%s" } }
                """.formatted(archive), """
                import sys
                import numpy as np
                import triton_python_backend_utils as pb_utils

                class TritonPythonModel:
                    def execute(self, requests):
                        answer = np.array([sys.prefix.encode()], dtype=np.object_)
                        return [pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("OUT", answer)])]
                """).load("cpython_archived");
        String prefix = ask("cpython_archived", "where");
        assertTrue(prefix.contains("/python/envs/") && !prefix.startsWith(outside.toString()), prefix);
    }

    @Test
    void environmentWithoutNumpyFailsTheLoad() throws Exception {
        Path bare = bareEnvironment(python.repository.resolve(".bare-env"));
        python.model("no_numpy", TEXT_IO + """
                parameters { key: "INFERGATE_PYTHON_RUNTIME", value { string_value: "cpython" } }
                parameters { key: "EXECUTION_ENV_PATH", value { string_value: ".bare-env" } }
                """, "class TritonPythonModel:\n    pass\n");
        String reason = python.loadFailure("no_numpy");
        assertTrue(reason.contains("the CPython runtime needs numpy in the environment " + bare), reason);
    }
}

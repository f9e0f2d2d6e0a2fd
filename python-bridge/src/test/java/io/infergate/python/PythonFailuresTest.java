package io.infergate.python;

import static io.infergate.python.PythonEngine.TEXT_IO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.Status;
import io.infergate.engine.tensor.BytesElements;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failures a Python model can cause, and the sandbox and BLS around it. One engine for the class:
 * each Python context takes seconds to build on a busy CI machine.
 */
class PythonFailuresTest {
    private static final String HEADER = """
            import triton_python_backend_utils as pb_utils

            def text(request):
                return [b.decode() for b in pb_utils.get_input_tensor_by_name(request, "IN").as_list()]

            def answer(*values):
                return pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor.from_list("OUT", list(values), "BYTES")])
            """;

    @RegisterExtension
    static final PythonEngine python = new PythonEngine();

    @BeforeAll
    static void start() throws Exception {
        python.model("raises", TEXT_IO, HEADER + """
                class TritonPythonModel:
                    def execute(self, requests):
                        if text(requests[0]) == ["boom"]:
                            raise ValueError("boom was sent")
                        if text(requests[0]) == ["error"]:
                            return [pb_utils.InferenceResponse(error=pb_utils.TritonError("bad input", pb_utils.TritonError.INVALID_ARG))]
                        return [answer("fine")]
                """).load("raises");
        python.model("reader", TEXT_IO, HEADER + """
                class TritonPythonModel:
                    def initialize(self, args):
                        self.repository = args["model_repository"]
                    def execute(self, requests):
                        path = text(requests[0])[0].replace("MODEL_DIR", self.repository)
                        try:
                            with open(path, "rb") as f:
                                return [answer("read " + str(len(f.read())))]
                        except Exception as e:
                            return [answer("refused " + type(e).__name__)]
                """).load("reader");
        python.model("looper", TEXT_IO + """
                parameters { key: "EXECUTE_TIMEOUT_MS", value { string_value: "1000" } }
                """, HEADER + """
                class TritonPythonModel:
                    def execute(self, requests):
                        while text(requests[0]) == ["loop"]:
                            pass
                        return [answer("done")]
                """).load("looper");
        python.model("request_looper", TEXT_IO, HEADER + """
                class TritonPythonModel:
                    def execute(self, requests):
                        while text(requests[0]) == ["loop"]:
                            pass
                        return [answer("done")]
                """).load("request_looper");
        python.model("caller", TEXT_IO, HEADER + """
                import asyncio

                def call(model, word):
                    return pb_utils.InferenceRequest(model_name=model, requested_output_names=["OUT"],
                        inputs=[pb_utils.Tensor.from_list("IN", [word], "BYTES")])

                class TritonPythonModel:
                    async def execute(self, requests):
                        words = text(requests[0])
                        if words[0] == "missing":
                            response = call("no_such_model", "x").exec()
                            return [answer(response.error().message() if response.has_error() else "no error")]
                        if words[0] == "stream":
                            outs = []
                            for r in call("streamer", "x").exec(decoupled=True):
                                outs.extend(pb_utils.get_output_tensor_by_name(r, "OUT").as_list())
                            return [answer(*outs)]
                        replies = await asyncio.gather(*[call("raises", w).async_exec() for w in words])
                        return [answer(*[pb_utils.get_output_tensor_by_name(r, "OUT").as_list()[0]
                                         if not r.has_error() else r.error().message() for r in replies])]
                """).load("caller");
        python.model("streamer", TEXT_IO + """
                model_transaction_policy { decoupled: true }
                """, HEADER + """
                class TritonPythonModel:
                    def execute(self, requests):
                        sender = requests[0].get_response_sender()
                        sender.send(answer("one"))
                        sender.send(answer("two"), flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
                        try:
                            sender.send(answer("three"))
                        except pb_utils.TritonModelException:
                            pb_utils.Logger.log_info("send after final refused")
                        return None
                """).load("streamer");
    }

    private static String[] ask(String model, String... words) throws Exception {
        InferenceResponse response = python.infer(model, Map.of(), Tensors.strings("IN", words));
        return BytesElements.toStrings(response.outputs().getFirst().bytes());
    }

    private static InferenceException askFails(String model, String word) throws Exception {
        return python.failure(model, Tensors.strings("IN", word));
    }

    @Test
    void exceptionInExecuteFailsThatRequestOnly() throws Exception {
        InferenceException error = askFails("raises", "boom");
        assertTrue(error.getMessage().contains("boom was sent"), error.getMessage());
        assertArrayEquals(new String[] {"fine"}, ask("raises", "ok"));
    }

    @Test
    void errorResponseKeepsItsCode() throws Exception {
        InferenceException error = askFails("raises", "error");
        assertEquals(Status.INVALID_ARG, error.status());
        assertEquals("bad input", error.getMessage());
    }

    @Test
    void initializeFailureIsInTheIndexWithTheTraceback() throws Exception {
        python.model("broken", TEXT_IO, """
                class TritonPythonModel:
                    def initialize(self, args):
                        raise RuntimeError("cannot start")
                """);
        String reason = python.loadFailure("broken");
        assertTrue(reason.contains("Traceback") && reason.contains("cannot start"), reason);
    }

    @Test
    void sandboxReadsTheModelDirectory() throws Exception {
        assertArrayEquals(new String[] {"read " + java.nio.file.Files.size(python.repository.resolve("reader/config.pbtxt"))},
                ask("reader", "MODEL_DIR/config.pbtxt"));
    }

    @Test
    void sandboxRefusesReadsOutsideTheModelDirectory() throws Exception {
        String[] answer = ask("reader", python.repository.resolve("raises/1/model.py").toString());
        assertTrue(answer[0].startsWith("refused"), answer[0]);
    }

    @Test
    void endlessLoopIsStoppedAndTheInstanceRebuilt() throws Exception {
        InferenceException error = askFails("looper", "loop");
        assertEquals(Status.UNAVAILABLE, error.status());
        assertArrayEquals(new String[] {"done"}, ask("looper", "go"));
    }

    @Test
    void endlessLoopIsStoppedWhenTheRequestTimesOut() throws Exception {
        InferenceException error = python.failure("request_looper", Map.of("timeout", 100_000L),
                Tensors.strings("IN", "loop"));
        assertEquals(Status.UNAVAILABLE, error.status());
        assertTrue(error.getMessage().contains("request timeout"), error.getMessage());
        assertTrue(python.engine.isReady() && python.engine.isModelReady("request_looper", ""));
        assertArrayEquals(new String[] {"done"}, ask("request_looper", "go"));
    }

    @Test
    void blsAsyncExecRunsGatheredRequestsThroughTheEngine() throws Exception {
        assertArrayEquals(new String[] {"fine", "bad input", "fine"}, ask("caller", "a", "error", "b"));
    }

    @Test
    void blsErrorComesBackAsAResponse() throws Exception {
        String[] answer = ask("caller", "missing");
        assertTrue(answer[0].contains("no_such_model"), answer[0]);
    }

    @Test
    void blsDecoupledIteratesStreamedResponses() throws Exception {
        assertArrayEquals(new String[] {"one", "two"}, ask("caller", "stream"));
    }

    @Test
    void decoupledModelStreamsUntilTheFinalFlag() throws Exception {
        List<Object> answers = python.stream("streamer", Tensors.strings("IN", "x"));
        assertEquals(2, answers.size());
        assertInstanceOf(InferenceResponse.class, answers.get(1));
    }
}

package io.infergate.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.Status;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.testsupport.Await;
import io.infergate.testsupport.LogCapture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The model authors' API points not shown by the other tests: initialize's args, pb_utils config
 * helpers, tensors without numpy, logging, decoupled corner cases, BLS to built-in and ensemble
 * models, parallel instances, the JIT, and what the sandbox refuses.
 */
class PythonApiTest {
    private static final String TEXT_IO = """
            input [ { name: "IN", data_type: TYPE_STRING, dims: [ -1 ] } ]
            output [ { name: "OUT", data_type: TYPE_STRING, dims: [ -1 ] } ]
            """;
    private static final String HEADER = """
            import json, os, threading, time
            import triton_python_backend_utils as pb_utils

            def word(request):
                return pb_utils.get_input_tensor_by_name(request, "IN").as_list()[0].decode()

            def answer(text):
                return pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor.from_list("OUT", [text], "BYTES")])

            def attempt(action):
                try:
                    action()
                    return "allowed"
                except BaseException as e:
                    return "refused " + type(e).__name__ + ": " + str(e)
            """;

    @RegisterExtension
    static final PythonEngine python = new PythonEngine();

    @BeforeAll
    static void start() throws Exception {
        python.model("contract", "backend: \"python\"\ndefault_model_filename: \"custom.py\"\n" + TEXT_IO, "");
        Files.delete(python.repository.resolve("contract/1/model.py"));
        Files.writeString(python.repository.resolve("contract/1/custom.py"), HEADER + """
                import socket, subprocess

                class TritonPythonModel:
                    def initialize(self, args):
                        self.args = args
                        self.config = json.loads(args["model_config"])
                    def execute(self, requests):
                        request = requests[0]
                        w = word(request)
                        if w == "args":
                            return [answer(json.dumps(self.args))]
                        if w == "configs":
                            return [answer(json.dumps([pb_utils.get_input_config_by_name(self.config, "IN")["data_type"],
                                pb_utils.get_output_config_by_name(self.config, "OUT")["name"],
                                pb_utils.get_input_config_by_name(self.config, "NOPE")]))]
                        if w == "requested":
                            return [answer(json.dumps(request.requested_output_names()))]
                        if w == "log":
                            pb_utils.Logger.log_warn("hello from python")
                            return [answer("logged")]
                        if w == "tensors":
                            t = pb_utils.Tensor.from_list("T", [[1.5, 2.5, 3.5], [4.5, 5.5, 6.5]], "FP32")
                            view = t.as_memoryview()
                            same = pb_utils.Tensor.from_bytes("U", t.as_bytes(), t.datatype(), t.shape())
                            h = pb_utils.Tensor.from_list("H", [1.0, -2.0], "BF16")
                            try:
                                pb_utils.Tensor.from_bytes("W", b"123", "FP32", [1])
                                wrong = "accepted"
                            except pb_utils.TritonModelException as e:
                                wrong = str(e)
                            return [answer(json.dumps({"shape": t.shape(), "datatype": t.datatype(),
                                "view": [view.format, list(view.shape), view[1, 2]], "list": same.as_list(),
                                "bf16": h.as_list(), "bytes_len": len(t.as_bytes()), "wrong": wrong}))]
                        if w == "sandbox":
                            model_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
                            return [answer(json.dumps({
                                "write": attempt(lambda: open(os.path.join(model_dir, "written.txt"), "w").write("x")),
                                "process": attempt(lambda: subprocess.run(["true"])),
                                "java": attempt(lambda: __import__("java").type("java.lang.System")),
                            }))]
                        if w == "socket":
                            socket.socket().bind(("127.0.0.1", 0))
                            return [answer("socket bound")]
                        return [answer("params " + request.parameters() + " id " + request.request_id())]
                """);
        python.load("contract");
        python.model("senders", "backend: \"python\"\nmodel_transaction_policy { decoupled: true }\n" + TEXT_IO, HEADER + """
                class TritonPythonModel:
                    def initialize(self, args):
                        self.after_final = "not tried"
                    def execute(self, requests):
                        sender = requests[0].get_response_sender()
                        w = word(requests[0])
                        if w == "zero":
                            sender.send(flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
                        elif w == "after_final":
                            sender.send(answer("only"), flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
                            self.after_final = attempt(lambda: sender.send(answer("again")))
                        elif w == "report":
                            sender.send(answer(self.after_final), flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
                        elif w == "late_error":
                            def fail_later():
                                time.sleep(0.2)
                                sender.send(pb_utils.InferenceResponse(error=pb_utils.TritonError("late failure",
                                    pb_utils.TritonError.UNAVAILABLE)))
                            sender.send(answer("first"))
                            threading.Thread(target=fail_later).start()
                        elif w == "threads":
                            workers = [threading.Thread(target=lambda i=i: sender.send(answer("thread %d" % i)))
                                       for i in range(4)]
                            for t in workers:
                                t.start()
                            for t in workers:
                                t.join()
                            sender.send(flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
                        return None
                """).load("senders");
        python.model("echo", "backend: \"identity\"\n" + TEXT_IO.replace("IN\"", "INPUT0\"").replace("OUT\"", "OUTPUT0\""),
                "").load("echo");
        python.model("pipeline", """
                platform: "ensemble"
                input [ { name: "INPUT0", data_type: TYPE_STRING, dims: [ -1 ] } ]
                output [ { name: "OUTPUT0", data_type: TYPE_STRING, dims: [ -1 ] } ]
                ensemble_scheduling { step [
                  { model_name: "echo" model_version: -1 input_map { key: "INPUT0" value: "INPUT0" } output_map { key: "OUTPUT0" value: "MID" } },
                  { model_name: "echo" model_version: -1 input_map { key: "INPUT0" value: "MID" } output_map { key: "OUTPUT0" value: "OUTPUT0" } } ] }
                """, "").load("pipeline");
        python.model("bls", "backend: \"python\"\n" + TEXT_IO, HEADER + """
                def call(model, text, **options):
                    request = pb_utils.InferenceRequest(model_name=model, requested_output_names=["OUTPUT0"],
                        inputs=[pb_utils.Tensor.from_list("INPUT0", [text], "BYTES")], **options)
                    return request.exec()

                class TritonPythonModel:
                    def execute(self, requests):
                        w = word(requests[0])
                        if w in ("echo", "pipeline"):
                            reply = call(w, "via " + w)
                            return [answer(pb_utils.get_output_tensor_by_name(reply, "OUTPUT0").as_list()[0].decode())]
                        reply = pb_utils.InferenceRequest(model_name="contract", model_version=1, request_id="child-1",
                            parameters={"k": "v"}, timeout=5_000_000, requested_output_names=["OUT"],
                            inputs=[pb_utils.Tensor.from_list("IN", ["other"], "BYTES")]).exec()
                        return [answer(pb_utils.get_output_tensor_by_name(reply, "OUT").as_list()[0].decode())]
                """).load("bls");
        python.model("sleeper", "backend: \"python\"\ninstance_group [ { count: 2, kind: KIND_CPU } ]\n" + TEXT_IO,
                HEADER + """
                class TritonPythonModel:
                    def execute(self, requests):
                        start = time.monotonic()
                        time.sleep(1.0)
                        return [answer(json.dumps([start, time.monotonic()]))]
                """).load("sleeper");
    }

    private static String ask(String model, String word) throws Exception {
        return text(python.infer(model, Map.of(), Tensors.strings("IN", word)));
    }

    private static String text(Object response) {
        return BytesElements.toStrings(assertInstanceOf(InferenceResponse.class, response).outputs().getFirst().bytes())[0];
    }

    @Test
    void defaultModelFilenameIsLoadedAndInitializeGetsTritonsArgs() throws Exception {
        JsonObject args = new JsonObject(ask("contract", "args"));
        assertEquals("contract", args.getString("model_name"));
        assertEquals("1", args.getString("model_version"));
        assertEquals("CPU", args.getString("model_instance_kind"));
        assertEquals("contract_0_0", args.getString("model_instance_name"));
        assertEquals("0", args.getString("model_instance_device_id"));
        assertEquals(python.repository.resolve("contract").toString(), args.getString("model_repository"));
        assertEquals("contract", new JsonObject(args.getString("model_config")).getString("name"));
    }

    @Test
    void configHelpersFindInputsAndOutputsByName() throws Exception {
        assertEquals(new JsonArray().add("TYPE_STRING").add("OUT").addNull(), new JsonArray(ask("contract", "configs")));
    }

    @Test
    void requestedOutputNamesAreTheOnesTheModelMustProduce() throws Exception {
        assertEquals(new JsonArray().add("OUT"), new JsonArray(ask("contract", "requested")));
    }

    @Test
    void loggerWritesUnderTheModelsName() throws Exception {
        try (LogCapture log = LogCapture.of("io.infergate.python.model.contract")) {
            assertEquals("logged", ask("contract", "log"));
            LogRecord record = Await.eventually("the model's log line", log::records, records -> !records.isEmpty())
                    .getFirst();
            assertEquals("hello from python", record.getMessage());
            assertEquals(java.util.logging.Level.WARNING, record.getLevel());
        }
    }

    @Test
    void tensorsWorkWithoutNumpy() throws Exception {
        JsonObject seen = new JsonObject(ask("contract", "tensors"));
        assertEquals(new JsonArray().add(2).add(3), seen.getJsonArray("shape"));
        assertEquals("FP32", seen.getString("datatype"));
        assertEquals(new JsonArray().add("f").add(new JsonArray().add(2).add(3)).add(6.5), seen.getJsonArray("view"));
        assertEquals(new JsonArray("[[1.5,2.5,3.5],[4.5,5.5,6.5]]"), seen.getJsonArray("list"));
        assertEquals(new JsonArray("[1.0,-2.0]"), seen.getJsonArray("bf16"));
        assertEquals(24, seen.getInteger("bytes_len"));
        assertTrue(seen.getString("wrong").contains("3 bytes do not hold shape [1] of FP32"), seen.getString("wrong"));
    }

    @Test
    void sandboxRefusesWritesProcessesAndJavaClasses() throws Exception {
        JsonObject seen = new JsonObject(ask("contract", "sandbox"));
        for (String action : List.of("write", "process", "java")) {
            assertTrue(seen.getString(action).startsWith("refused"), action + ": " + seen);
        }
        assertTrue(Files.notExists(python.repository.resolve("contract/written.txt")));
    }

    /** GraalPy refuses sockets below Python's exception handling: the request fails, the model stays. */
    @Test
    void sandboxRefusesSockets() throws Exception {
        InferenceException error = python.failure("contract", Tensors.strings("IN", "socket"));
        assertTrue(error.getMessage().contains("socket was excluded"), error.getMessage());
        assertEquals("logged", ask("contract", "log"));
    }

    @Test
    void decoupledModelMayAnswerZeroTimes() throws Exception {
        assertEquals(List.of(), python.stream("senders", Tensors.strings("IN", "zero")));
    }

    @Test
    void sendingAfterTheFinalFlagRaises() throws Exception {
        assertEquals(1, python.stream("senders", Tensors.strings("IN", "after_final")).size());
        List<Object> report = python.stream("senders", Tensors.strings("IN", "report"));
        assertTrue(text(report.getFirst()).startsWith("refused TritonModelException"), text(report.getFirst()));
    }

    @Test
    void errorSentAfterExecuteReturnedReachesTheClient() throws Exception {
        List<Object> answers = python.stream("senders", Tensors.strings("IN", "late_error"));
        assertEquals("first", text(answers.getFirst()));
        InferenceException error = assertInstanceOf(InferenceException.class, answers.getLast());
        assertEquals(Status.UNAVAILABLE, error.status());
        assertEquals("late failure", error.getMessage());
    }

    @Test
    void responsesComeFromOtherPythonThreads() throws Exception {
        List<Object> answers = python.stream("senders", Tensors.strings("IN", "threads"));
        assertEquals(List.of("thread 0", "thread 1", "thread 2", "thread 3"),
                answers.stream().map(PythonApiTest::text).sorted().toList());
    }

    @Test
    void blsReachesABuiltInModel() throws Exception {
        assertEquals("via echo", ask("bls", "echo"));
    }

    @Test
    void blsReachesAnEnsemble() throws Exception {
        assertEquals("via pipeline", ask("bls", "pipeline"));
    }

    @Test
    void blsPassesVersionRequestIdAndParameters() throws Exception {
        assertEquals("params {\"k\":\"v\"} id child-1", ask("bls", "other"));
    }

    @Test
    void instanceGroupCountRunsExecutionsInParallel() throws Exception {
        var first = python.engine.infer(new io.infergate.engine.api.InferenceRequest("", "sleeper", "",
                List.of(Tensors.strings("IN", "a")), List.of(), Map.of()));
        String second = ask("sleeper", "b");
        JsonArray one = new JsonArray(text(PythonEngine.await(first)));
        JsonArray two = new JsonArray(second);
        assertTrue(one.getDouble(0) < two.getDouble(1) && two.getDouble(0) < one.getDouble(1),
                "the two executions overlapped: " + one + " " + two);
    }

    @Test
    void pythonRunsJitCompiledUnderTheTestJvm() {
        assertTrue(PythonRuntime.get().compiled(), "surefire starts the JVM with JVMCI and the Graal compiler");
    }
}

package io.infergate.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.tensor.BytesElements;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pb_utils points of Triton's python_backend README beyond tensors: response parameters (also
 * read from BLS responses), cancel() on a decoupled BLS iterator, the model's is_ready(), request
 * rescheduling, the model loading API, request flags, and Triton's answer to a wrong number of
 * responses.
 */
class TritonPbUtilsTest {
    private static final String HEADER = """
            import json, threading, time
            import triton_python_backend_utils as pb_utils

            def word(request):
                return pb_utils.get_input_tensor_by_name(request, "IN").as_list()[0].decode()

            def answer(text, parameters=None):
                return pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor.from_list("OUT", [text], "BYTES")],
                                                  parameters=parameters)

            def request(model, text, **options):
                return pb_utils.InferenceRequest(model_name=model, requested_output_names=["OUT"],
                                                 inputs=[pb_utils.Tensor.from_list("IN", [text], "BYTES")], **options)
            """;
    private static final String DECOUPLED = "model_transaction_policy { decoupled: true }\n";

    @RegisterExtension
    static final PythonEngine python = new PythonEngine();

    @BeforeAll
    static void start() throws Exception {
        python.model("annotated", PythonEngine.TEXT_IO, HEADER + """
                class TritonPythonModel:
                    def initialize(self, args):
                        self.ready = True
                    def is_ready(self):
                        return self.ready
                    def execute(self, requests):
                        w = word(requests[0])
                        if w in ("ready", "not_ready"):
                            self.ready = w == "ready"
                        if w == "bad_parameters":
                            return [answer(w, {"score": 0.5})]
                        if w == "two":
                            return [answer("a"), answer("b")]
                        if w == "flags":
                            return [answer(str(requests[0].flags()))]
                        return [answer(w, {"echo": w, "count": 3, "final": True})]
                """).load("annotated");
        python.model("counter", PythonEngine.TEXT_IO + DECOUPLED, HEADER + """
                class TritonPythonModel:
                    def initialize(self, args):
                        self.remaining = {}
                    def execute(self, requests):
                        request = requests[0]
                        sender = request.get_response_sender()
                        w = word(request)
                        if w == "stream":
                            for i in range(200):
                                if sender.is_cancelled():
                                    sender.send(answer("saw cancel"), flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
                                    return None
                                sender.send(answer(str(i)))
                                time.sleep(0.02)
                            sender.send(flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
                            return None
                        key = request.request_id()
                        left = self.remaining.get(key, int(w)) - 1
                        if left <= 0:
                            self.remaining.pop(key, None)
                            sender.send(answer("0", {"left": 0}), flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
                        else:
                            self.remaining[key] = left
                            request.set_release_flags(pb_utils.TRITONSERVER_REQUEST_RELEASE_RESCHEDULE)
                            sender.send(answer(str(left), {"left": left}))
                        return None
                """).load("counter");
        python.model("caller", PythonEngine.TEXT_IO, HEADER + """
                class TritonPythonModel:
                    def execute(self, requests):
                        w = word(requests[0])
                        if w == "parameters":
                            return [answer(request("annotated", "hello").exec().parameters())]
                        if w == "cancel":
                            responses = request("counter", "stream").exec(decoupled=True)
                            seen = [pb_utils.get_output_tensor_by_name(r, "OUT").as_list()[0].decode()
                                    for r, _ in zip(responses, range(2))]
                            responses.cancel()
                            after = list(responses)
                            return [answer(json.dumps({"seen": seen, "after": len(after)}))]
                        if w == "reschedule":
                            requests[0].set_release_flags(pb_utils.TRITONSERVER_REQUEST_RELEASE_RESCHEDULE)
                            return [answer("rescheduled")]
                        if w == "flags":
                            reply = request("annotated", "flags", correlation_id=7,
                                            flags=pb_utils.TRITONSERVER_REQUEST_FLAG_SEQUENCE_START).exec()
                            return [answer(pb_utils.get_output_tensor_by_name(reply, "OUT").as_list()[0].decode())]
                        if w == "models":
                            before = pb_utils.is_model_ready("spare")
                            pb_utils.load_model("spare")
                            loaded = pb_utils.is_model_ready(model_name="spare", model_version="1")
                            pb_utils.unload_model("spare")
                            after = pb_utils.is_model_ready("spare")
                            try:
                                pb_utils.load_model("no_such_model")
                                missing = "loaded"
                            except pb_utils.TritonModelException as e:
                                missing = str(e)
                            return [answer(json.dumps([before, loaded, after, missing]))]
                        return [answer("?")]
                """).load("caller");
        python.model("spare", PythonEngine.TEXT_IO, HEADER + """
                class TritonPythonModel:
                    def execute(self, requests):
                        return [answer("spare")]
                """);
    }

    private static String text(Object response) {
        return BytesElements.toStrings(assertInstanceOf(InferenceResponse.class, response).outputs().getFirst()
                .bytes())[0];
    }

    private static String ask(String model, String word) throws Exception {
        return text(python.infer(model, Map.of(), Tensors.strings("IN", word)));
    }

    @Test
    void responseParametersReachTheClient() throws Exception {
        InferenceResponse response = python.infer("annotated", Map.of(), Tensors.strings("IN", "hi"));
        assertEquals(Map.of("echo", "hi", "count", 3, "final", true), response.parameters());
    }

    @Test
    void responseParametersOfAnUnsupportedTypeFailTheRequest() throws Exception {
        InferenceException error = python.failure("annotated", Tensors.strings("IN", "bad_parameters"));
        assertTrue(error.getMessage().contains("response parameter 'score' must be a bool, int or str"),
                error.getMessage());
    }

    @Test
    void blsResponseExposesTheCalleesParameters() throws Exception {
        assertEquals(new JsonObject().put("echo", "hello").put("count", 3).put("final", true),
                new JsonObject(ask("caller", "parameters")));
    }

    @Test
    void decoupledResponsesCarryTheirParameters() throws Exception {
        List<Object> answers = python.stream("counter", Tensors.strings("IN", "2"));
        assertEquals(Map.of("left", 1), assertInstanceOf(InferenceResponse.class, answers.getFirst()).parameters());
    }

    @Test
    void rescheduledRequestRunsAgainUntilItsFinalResponse() throws Exception {
        List<Object> answers = python.stream("counter", Tensors.strings("IN", "3"));
        assertEquals(List.of("2", "1", "0"), answers.stream().map(TritonPbUtilsTest::text).toList());
    }

    @Test
    void reschedulingARequestOfAModelThatIsNotDecoupledIsAnError() throws Exception {
        InferenceException error = python.failure("caller", Tensors.strings("IN", "reschedule"));
        assertTrue(error.getMessage().contains("rescheduling (TRITONSERVER_REQUEST_RELEASE_RESCHEDULE) is for "
                + "decoupled models"), error.getMessage());
    }

    @Test
    void cancelOnADecoupledBlsIteratorEndsItAndTheCalleeSeesIt() throws Exception {
        JsonObject out = new JsonObject(ask("caller", "cancel"));
        assertEquals(List.of("0", "1"), out.getJsonArray("seen").getList());
        assertEquals(0, out.getInteger("after"));
    }

    @Test
    void isReadyDecidesWhatTheModelReadyEndpointsReport() throws Exception {
        assertTrue(python.engine.isModelReady("annotated", ""));
        ask("annotated", "not_ready");
        try {
            assertFalse(python.engine.isModelReady("annotated", ""));
            assertFalse(python.engine.isModelReady("annotated", "1"));
        } finally {
            ask("annotated", "ready");
        }
        assertTrue(python.engine.isModelReady("annotated", "1"));
    }

    @Test
    void modelsLoadUnloadAndCheckOtherModelsFromInsideAModel() throws Exception {
        JsonArray out = new JsonArray(ask("caller", "models"));
        assertEquals(false, out.getBoolean(0));
        assertEquals(true, out.getBoolean(1));
        assertEquals(false, out.getBoolean(2));
        assertTrue(out.getString(3).startsWith("load_model('no_such_model'): "), out.getString(3));
    }

    @Test
    void blsFlagsAndCorrelationIdReachTheCalleeAsRequestFlags() throws Exception {
        assertEquals("1", ask("caller", "flags"));
    }

    @Test
    void returningTwoResponsesForOneRequestIsAnError() throws Exception {
        InferenceException error = python.failure("annotated", Tensors.strings("IN", "two"));
        assertTrue(error.getMessage().contains("execute() must return one InferenceResponse per request, got 2"),
                error.getMessage());
    }
}

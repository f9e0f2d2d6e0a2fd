package io.infergate.python;

import static io.infergate.python.PythonEngine.TEXT_IO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.tensor.BytesElements;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a Python model learns about each request: id, parameters, correlation id, timeout, cancellation. */
class RequestDetailsTest {
    private static final String ANSWER = """
            import json, time
            import triton_python_backend_utils as pb_utils

            def answer(text):
                return pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor.from_list("OUT", [text], "BYTES")])
            """;

    @RegisterExtension
    static final PythonEngine python = new PythonEngine();

    @BeforeAll
    static void start() throws Exception {
        python.model("introspect", TEXT_IO, ANSWER + """
                class TritonPythonModel:
                    def execute(self, requests):
                        r = requests[0]
                        return [answer(json.dumps({"id": r.request_id(), "parameters": json.loads(r.parameters()),
                            "correlation_id": r.correlation_id(), "timeout": r.timeout(),
                            "cancelled": r.is_cancelled()}))]
                """).load("introspect");
        python.model("waiter", TEXT_IO + """
                model_transaction_policy { decoupled: true }
                """, ANSWER + """
                class TritonPythonModel:
                    def execute(self, requests):
                        sender = requests[0].get_response_sender()
                        sender.send(answer("started"))
                        while not (requests[0].is_cancelled() and sender.is_cancelled()):
                            time.sleep(0.001)
                        sender.send(answer("saw cancellation"), flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
                """).load("waiter");
    }

    private static JsonObject introspect(String id, Map<String, Object> parameters) throws Exception {
        InferenceResponse response = python.infer(new InferenceRequest(id, "introspect", "",
                List.of(Tensors.strings("IN", "x")), List.of(), parameters));
        return new JsonObject(BytesElements.toStrings(response.outputs().getFirst().bytes())[0]);
    }

    private static String text(Object answer) {
        return BytesElements.toStrings(assertInstanceOf(InferenceResponse.class, answer).outputs().getFirst().bytes())[0];
    }

    @Test
    void requestIdAndCustomParametersReachPython() throws Exception {
        JsonObject seen = introspect("req-7", Map.of("tag", "blue", "count", 3, "flag", true, "priority", 1));
        assertEquals("req-7", seen.getString("id"));
        assertEquals(new JsonObject().put("tag", "blue").put("count", 3).put("flag", true), seen.getJsonObject("parameters"));
    }

    @Test
    void requestWithoutDetailsHasEmptyDefaults() throws Exception {
        JsonObject seen = introspect("", Map.of());
        assertEquals("", seen.getString("id"));
        assertEquals(new JsonObject(), seen.getJsonObject("parameters"));
        assertEquals(0, seen.getInteger("correlation_id"));
        assertEquals(0, seen.getInteger("timeout"));
        assertEquals(false, seen.getBoolean("cancelled"));
    }

    @Test
    void numericCorrelationIdIsAnIntUpToUint64() throws Exception {
        BigInteger largest = new BigInteger("18446744073709551615");
        assertEquals(largest.toString(), introspect("", Map.of("sequence_id", largest)).getValue("correlation_id").toString());
        assertEquals(42, introspect("", Map.of("sequence_id", 42L)).getValue("correlation_id"));
    }

    @Test
    void stringCorrelationIdIsAStr() throws Exception {
        assertEquals("session-a", introspect("", Map.of("sequence_id", "session-a")).getValue("correlation_id"));
    }

    @Test
    void timeoutParameterReachesPythonInMicroseconds() throws Exception {
        JsonObject seen = introspect("", Map.of("timeout", 5_000_000L));
        assertEquals(5_000_000L, seen.getLong("timeout"));
        assertEquals(false, seen.getBoolean("cancelled"));
    }

    @Test
    void requestIsCancelledOnceItsTimeoutExpires() throws Exception {
        PythonEngine.Streamed streamed = python.streamAsync("waiter", Map.of("timeout", 200_000L), Cancellation.NONE,
                Tensors.strings("IN", "x"));
        List<Object> answers = streamed.done().get(60, TimeUnit.SECONDS);
        assertEquals(List.of("started", "saw cancellation"), answers.stream().map(RequestDetailsTest::text).toList());
    }

    @Test
    void requestIsCancelledWhenTheClientWithdrawsIt() throws Exception {
        Cancellation cancellation = Cancellation.create();
        PythonEngine.Streamed streamed = python.streamAsync("waiter", Map.of(), cancellation, Tensors.strings("IN", "x"));
        assertEquals("started", text(streamed.first().get(60, TimeUnit.SECONDS)));
        cancellation.cancel();
        List<Object> answers = streamed.done().get(60, TimeUnit.SECONDS);
        assertEquals("saw cancellation", text(answers.getLast()));
    }
}

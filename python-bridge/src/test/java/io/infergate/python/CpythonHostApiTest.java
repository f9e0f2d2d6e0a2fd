package io.infergate.python;

import static io.infergate.python.PythonEngine.TEXT_IO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.metrics.CustomMetric;
import io.infergate.engine.metrics.CustomMetricFamily;
import io.infergate.engine.metrics.CustomMetrics;
import io.infergate.engine.metrics.MetricKind;
import io.infergate.engine.tensor.BytesElements;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pb_utils host API across the CPython stub's process boundary, as on GraalPy: custom
 * metrics, response parameters, the model loading API, is_ready() and the ready state while a
 * stub restarts, request.is_cancelled(), and auto_complete_config.
 */
class CpythonHostApiTest {
    private static final String HEADER = """
            import json
            import os
            import time
            import triton_python_backend_utils as pb_utils

            def word(request):
                return pb_utils.get_input_tensor_by_name(request, "IN").as_numpy()[0].decode()

            def answer(text, parameters=None):
                return pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor.from_list("OUT", [text], "BYTES")],
                                                  parameters=parameters)
            """ + PythonEngine.ATTEMPT;

    @RegisterExtension
    static final PythonEngine python = new PythonEngine();

    @BeforeAll
    static void start() throws Exception {
        CpythonEnvironment.venv();
        python.model("cp_host", CpythonEnvironment.config(TEXT_IO), HEADER + """
                class TritonPythonModel:
                    def initialize(self, args):
                        self.requests = pb_utils.MetricFamily("cp_requests", "Requests seen", pb_utils.MetricFamily.COUNTER)
                        self.counter = self.requests.Metric(labels={"model": "cp_host"})
                        self.depth = pb_utils.MetricFamily("cp_depth", "Depth", pb_utils.MetricFamily.GAUGE).Metric()
                        self.sizes = pb_utils.MetricFamily("cp_sizes", "Sizes", pb_utils.MetricFamily.HISTOGRAM)
                        self.histogram = self.sizes.Metric(labels={"kind": "text"}, buckets=[1, 5, 10])

                    def execute(self, requests):
                        w = word(requests[0])
                        if w == "metrics":
                            self.counter.increment(2)
                            self.depth.set(7)
                            self.depth.increment(-1)
                            self.histogram.observe(3)
                            same = self.requests.Metric(labels={"model": "cp_host"})
                            out = {"counter": self.counter.value(), "same": same.value(), "depth": self.depth.value()}
                        elif w == "bad_metrics":
                            out = {
                                "other_kind": attempt(lambda: pb_utils.MetricFamily("cp_requests", "x",
                                                                                    pb_utils.MetricFamily.GAUGE)),
                                "decrement": attempt(lambda: self.counter.increment(-1)),
                                "nan": attempt(lambda: self.depth.set(float("nan"))),
                                "label_name": attempt(lambda: self.requests.Metric(labels={"bad-name": "x"})),
                                "unsorted": attempt(lambda: self.sizes.Metric(labels={"k": "v"}, buckets=[5, 1])),
                                "histogram_value": attempt(lambda: self.histogram.value()),
                            }
                        elif w == "parameters":
                            return [answer(w, {"echo": w, "count": 3, "final": True, "big": 2 ** 64 - 1})]
                        elif w == "bls_parameters":
                            reply = pb_utils.InferenceRequest(model_name="cp_introspect", requested_output_names=["OUT"],
                                inputs=[pb_utils.Tensor.from_list("IN", ["parameters"], "BYTES")]).exec()
                            return [answer(reply.parameters())]
                        elif w == "models":
                            before = pb_utils.is_model_ready("cp_spare")
                            pb_utils.load_model("cp_spare")
                            loaded = pb_utils.is_model_ready(model_name="cp_spare", model_version="1")
                            pb_utils.unload_model("cp_spare")
                            after = pb_utils.is_model_ready("cp_spare")
                            missing = attempt(lambda: pb_utils.load_model("no_such_model"))
                            out = [before, loaded, after, missing]
                        elif w == "load_files":
                            config = json.dumps({"backend": "identity",
                                "input": [{"name": "INPUT0", "data_type": "TYPE_STRING", "dims": [-1]}],
                                "output": [{"name": "OUTPUT0", "data_type": "TYPE_STRING", "dims": [-1]}]})
                            pb_utils.load_model("cp_made", config=config, files={"file:1/notes.txt": b"made " * 1000})
                            out = pb_utils.is_model_ready("cp_made")
                        else:
                            out = "?"
                        return [answer(json.dumps(out))]
                """).load("cp_host");
        python.model("cp_spare", CpythonEnvironment.config(TEXT_IO), HEADER + """
                class TritonPythonModel:
                    def execute(self, requests):
                        return [answer("spare")]
                """);
        python.model("cp_streamer", CpythonEnvironment.config(TEXT_IO + """
                model_transaction_policy { decoupled: true }
                """), HEADER + """
                import threading

                class TritonPythonModel:
                    def execute(self, requests):
                        request = requests[0]
                        sender = request.get_response_sender()
                        w = word(request)
                        if w == "parameters":
                            sender.send(answer("one", {"index": 1}))
                            sender.send(answer("two", {"index": 2, "last": True}),
                                        flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
                            return None
                        sender.send(answer("started"))
                        def wait():
                            # after execute returned: the request is still open while it streams
                            while not (request.is_cancelled() and sender.is_cancelled()):
                                time.sleep(0.005)
                            sender.send(answer("saw cancellation"), flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
                        if w == "thread":
                            threading.Thread(target=wait).start()
                        else:
                            wait()
                        return None
                """).load("cp_streamer");
        python.model("cp_introspect", CpythonEnvironment.config(TEXT_IO), HEADER + """
                class TritonPythonModel:
                    def execute(self, requests):
                        w = word(requests[0])
                        if w == "cancelled":
                            return [answer(json.dumps(requests[0].is_cancelled()))]
                        return [answer(w, {"echo": w, "count": 3})]
                """).load("cp_introspect");
        python.model("cp_moody", CpythonEnvironment.config(TEXT_IO), HEADER + """
                class TritonPythonModel:
                    def initialize(self, args):
                        self.ready = True
                    def is_ready(self):
                        if not self.ready:
                            raise RuntimeError("not today")
                        return pb_utils.is_model_ready("cp_introspect")
                    def execute(self, requests):
                        w = word(requests[0])
                        if w in ("ready", "not_ready"):
                            self.ready = w == "ready"
                        return [answer(str(os.getpid()))]
                """).load("cp_moody");
    }

    private static String ask(String model, String word) throws Exception {
        InferenceResponse response = python.infer(model, Map.of(), Tensors.strings("IN", word));
        return BytesElements.toStrings(response.outputs().getFirst().bytes())[0];
    }

    private static String text(Object answer) {
        return BytesElements.toStrings(assertInstanceOf(InferenceResponse.class, answer).outputs().getFirst()
                .bytes())[0];
    }

    private static Optional<CustomMetricFamily> family(String name) {
        return CustomMetrics.shared().families().stream().filter(f -> f.name().equals(name)).findFirst();
    }

    @Test
    void customMetricsOfACpythonModelReachTheServersRegistry() throws Exception {
        JsonObject out = new JsonObject(ask("cp_host", "metrics"));
        assertEquals(out.getDouble("counter"), out.getDouble("same"));
        assertEquals(6.0, out.getDouble("depth"));
        CustomMetricFamily requests = family("cp_requests").orElseThrow();
        assertEquals(MetricKind.COUNTER, requests.kind());
        assertEquals(Map.of("model", "cp_host"), requests.snapshot().getFirst().labels());
        assertTrue(requests.snapshot().getFirst().value() >= 2);
        CustomMetric.Snapshot histogram = family("cp_sizes").orElseThrow().snapshot().getFirst();
        assertTrue(histogram.count() >= 1);
    }

    @Test
    void invalidMetricUseRaisesTritonModelExceptionWithTheReason() throws Exception {
        JsonObject out = new JsonObject(ask("cp_host", "bad_metrics"));
        assertTrue(out.getString("other_kind").contains("already exists as a counter"), out.encode());
        assertTrue(out.getString("decrement").contains("cannot decrease"), out.encode());
        assertTrue(out.getString("nan").contains("finite"), out.encode());
        assertTrue(out.getString("label_name").contains("not a valid label name"), out.encode());
        assertTrue(out.getString("unsorted").contains("strictly ascending"), out.encode());
        assertTrue(out.getString("histogram_value").startsWith("metric 'cp_sizes'"), out.encode());
    }

    @Test
    void metricFamiliesVanishWhenTheCpythonModelIsUnloaded() throws Exception {
        python.model("cp_metrics_gone", CpythonEnvironment.config(TEXT_IO), HEADER + """
                class TritonPythonModel:
                    def initialize(self, args):
                        pb_utils.MetricFamily("cp_gone_total", "Gone", pb_utils.MetricFamily.COUNTER).Metric().increment(1)
                    def execute(self, requests):
                        return [answer("x")]
                """).load("cp_metrics_gone");
        assertTrue(family("cp_gone_total").isPresent());
        PythonEngine.await(python.engine.unload("cp_metrics_gone", false));
        assertFalse(family("cp_gone_total").isPresent());
    }

    @Test
    void responseParametersReachTheClient() throws Exception {
        InferenceResponse response = python.infer("cp_host", Map.of(), Tensors.strings("IN", "parameters"));
        assertEquals("parameters", response.parameters().get("echo"));
        assertEquals(3L, ((Number) response.parameters().get("count")).longValue());
        assertEquals(true, response.parameters().get("final"));
        assertEquals("18446744073709551615", response.parameters().get("big").toString());
    }

    @Test
    void decoupledResponsesCarryTheirParameters() throws Exception {
        List<Object> answers = python.stream("cp_streamer", Tensors.strings("IN", "parameters"));
        assertEquals(2, answers.size());
        InferenceResponse second = assertInstanceOf(InferenceResponse.class, answers.get(1));
        assertEquals(2L, ((Number) second.parameters().get("index")).longValue());
        assertEquals(true, second.parameters().get("last"));
    }

    @Test
    void blsResponseParametersReachTheCallingCpythonModel() throws Exception {
        JsonObject parameters = new JsonObject(ask("cp_host", "bls_parameters"));
        assertEquals("parameters", parameters.getString("echo"));
        assertEquals(3, parameters.getInteger("count"));
    }

    @Test
    void cpythonModelLoadsChecksAndUnloadsAnotherModel() throws Exception {
        JsonArray out = new JsonArray(ask("cp_host", "models"));
        assertEquals(false, out.getValue(0));
        assertEquals(true, out.getValue(1));
        assertEquals(false, out.getValue(2));
        assertTrue(out.getString(3).startsWith("load_model('no_such_model'): "), out.encode());
    }

    @Test
    void loadModelWithConfigAndFilesFromACpythonModel() throws Exception {
        assertEquals("true", ask("cp_host", "load_files"));
        assertTrue(python.engine.isModelReady("cp_made", ""));
    }

    @Test
    void requestIsCancelledOnceItsTimeoutExpires() throws Exception {
        PythonEngine.Streamed streamed = python.streamAsync("cp_streamer", Map.of("timeout", 300_000L),
                Cancellation.NONE, Tensors.strings("IN", "wait"));
        List<Object> answers = streamed.done().get(60, TimeUnit.SECONDS);
        assertEquals(List.of("started", "saw cancellation"), answers.stream().map(CpythonHostApiTest::text).toList());
    }

    @Test
    void requestIsCancelledWhenTheClientWithdrawsItAfterExecuteReturned() throws Exception {
        Cancellation cancellation = Cancellation.create();
        PythonEngine.Streamed streamed = python.streamAsync("cp_streamer", Map.of(), cancellation,
                Tensors.strings("IN", "thread"));
        assertEquals("started", text(streamed.first().get(60, TimeUnit.SECONDS)));
        cancellation.cancel();
        List<Object> answers = streamed.done().get(60, TimeUnit.SECONDS);
        assertEquals("saw cancellation", text(answers.getLast()));
    }

    @Test
    void requestWithinItsTimeoutIsNotCancelled() throws Exception {
        assertEquals("false", text(python.infer("cp_introspect", Map.of("timeout", 30_000_000L),
                Tensors.strings("IN", "cancelled"))));
    }

    @Test
    void isReadyOfTheModelDecidesModelReady() throws Exception {
        assertTrue(python.engine.isModelReady("cp_moody", ""));
        ask("cp_moody", "not_ready");
        assertFalse(python.engine.isModelReady("cp_moody", ""), "is_ready() raised");
        ask("cp_moody", "ready");
        assertTrue(python.engine.isModelReady("cp_moody", ""));
    }

    @Test
    void modelIsNotReadyWhileItsStubRestarts() throws Exception {
        python.model("cp_restarts", CpythonEnvironment.config(TEXT_IO), HEADER + """
                import threading

                class TritonPythonModel:
                    def initialize(self, args):
                        time.sleep(1.5)  # a slow start: the restart takes a while
                    def execute(self, requests):
                        if word(requests[0]) == "die_later":
                            threading.Thread(target=lambda: (time.sleep(0.3), os._exit(4))).start()
                        return [answer(str(os.getpid()))]
                """).load("cp_restarts");
        String first = ask("cp_restarts", "die_later");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        boolean sawNotReady = false;
        while (!sawNotReady && System.nanoTime() < deadline) {
            sawNotReady = !python.engine.isModelReady("cp_restarts", "");
            Thread.sleep(20);
        }
        assertTrue(sawNotReady, "not ready after its stub died between requests");
        long readyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!python.engine.isModelReady("cp_restarts", "") && System.nanoTime() < readyBy) {
            Thread.sleep(50);
        }
        assertTrue(python.engine.isModelReady("cp_restarts", ""), "ready again once the new stub runs");
        assertFalse(first.equals(ask("cp_restarts", "pid")), "a new stub answers");
    }

    @Test
    void autoCompleteConfigRunsForACpythonModel() throws Exception {
        python.model("cp_completed", CpythonEnvironment.config("""
                backend: "python"
                """), """
                import sys
                import numpy as np
                import triton_python_backend_utils as pb_utils

                class TritonPythonModel:
                    @staticmethod
                    def auto_complete_config(config):
                        pb_utils.Logger.log_info("completing on " + sys.implementation.name)
                        config.add_input({"name": "X", "data_type": "TYPE_FP32", "dims": [2]})
                        config.add_output({"name": "Y", "data_type": "FP32", "dims": [2]})
                        config.set_max_batch_size(4)
                        return config

                    def execute(self, requests):
                        x = pb_utils.get_input_tensor_by_name(requests[0], "X").as_numpy()
                        return [pb_utils.InferenceResponse([pb_utils.Tensor("Y", (x * 2).astype(np.float32))])]
                """).load("cp_completed");
        ModelConfig config = python.engine.config("cp_completed", "");
        assertEquals(4, config.getMaxBatchSize());
        assertEquals("X", config.getInput(0).getName());
        assertEquals("Y", config.getOutput(0).getName());
        InferenceResponse response = python.infer("cp_completed", Map.of(), Tensors.fp32("X", new long[] {1, 2}, 1.5f, -2));
        assertEquals(List.of(3.0f, -4.0f), List.of(Tensors.floats(response.outputs().getFirst())[0],
                Tensors.floats(response.outputs().getFirst())[1]));
    }

    @Test
    void autoCompleteConfigFailureFailsTheLoadWithTheTraceback() throws Exception {
        python.model("cp_incomplete", CpythonEnvironment.config("""
                backend: "python"
                max_batch_size: 4
                """), """
                class TritonPythonModel:
                    @staticmethod
                    def auto_complete_config(config):
                        config.set_max_batch_size(8)
                        return config
                """);
        String reason = python.loadFailure("cp_incomplete");
        assertTrue(reason.contains("auto_complete_config failed") && reason.contains("Traceback")
                && reason.contains("max_batch_size 4"), reason);
    }

    @Test
    void hostApiBeyondLoggingIsRefusedInAutoCompleteConfig() throws Exception {
        python.model("cp_complete_calls", CpythonEnvironment.config(TEXT_IO), """
                import triton_python_backend_utils as pb_utils

                class TritonPythonModel:
                    @staticmethod
                    def auto_complete_config(config):
                        pb_utils.is_model_ready("cp_host")
                        return config
                """);
        String reason = python.loadFailure("cp_complete_calls");
        assertTrue(reason.contains("not available in auto_complete_config"), reason);
    }
}

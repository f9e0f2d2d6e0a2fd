package io.infergate.python;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.Status;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One model, written against Triton's documented python_backend API with numpy, that goes through
 * every pb_utils point Infergate implements: auto-complete, config helpers, numpy tensors, DLPack
 * and BYTES serialization, request details, a decoupled sender with one reschedule, response
 * parameters, the logger, custom metrics of each kind, the model API (load, ready, unload) and BLS.
 * It answers one request in {@link #start()}; each test checks one part of what it reported.
 */
class PbUtilsTourTest {
    private static final String TOUR = """
            import asyncio, json
            import numpy as np
            import triton_python_backend_utils as pb_utils

            FINAL = pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL

            class TritonPythonModel:
                @staticmethod
                def auto_complete_config(auto_complete_model_config):
                    config = auto_complete_model_config
                    config.add_input({"name": "VALUES", "data_type": "TYPE_FP32", "dims": [-1]})
                    config.add_input({"name": "WORDS", "data_type": "TYPE_STRING", "dims": [-1], "optional": True})
                    config.add_output({"name": "SCALED", "data_type": "TYPE_FP32", "dims": [-1]})
                    config.add_output({"name": "REPORT", "data_type": "TYPE_STRING", "dims": [1]})
                    config.set_max_batch_size(4)
                    config.set_dynamic_batching()
                    config.set_model_transaction_policy({"decoupled": True})
                    return config

                def initialize(self, args):
                    self.model_config = json.loads(args["model_config"])
                    self.decoupled = pb_utils.using_decoupled_model_transaction_policy(self.model_config)
                    scaled = pb_utils.get_output_config_by_name(self.model_config, "SCALED")
                    self.scaled_type = pb_utils.triton_string_to_numpy(scaled["data_type"])
                    self.words_optional = pb_utils.get_input_config_by_name(self.model_config, "WORDS")["optional"]
                    labels = {"model": args["model_name"]}
                    family = pb_utils.MetricFamily
                    self.answered = family("tour_answered", "Requests answered", family.COUNTER).Metric(labels=labels)
                    self.last_sum = family("tour_last_sum", "Sum of the last VALUES", family.GAUGE).Metric(labels=labels)
                    self.sizes = family("tour_sizes", "Elements per VALUES", family.HISTOGRAM).Metric(
                        labels=labels, buckets=[1.0, 4.0, 16.0])
                    self.passes = {}
                    pb_utils.Logger.log_info("tour: initialized " + args["model_name"])

                def is_ready(self):
                    return self.decoupled

                async def execute(self, requests):
                    for request in requests:
                        key = request.request_id()
                        self.passes[key] = self.passes.get(key, 0) + 1
                        if self.passes[key] == 1:
                            # Triton's decoupled models may hand a request back to run again later.
                            request.set_release_flags(pb_utils.TRITONSERVER_REQUEST_RELEASE_RESCHEDULE)
                            continue
                        sender = request.get_response_sender()
                        try:
                            sender.send(await self.answer(request, self.passes.pop(key)), flags=FINAL)
                        except pb_utils.TritonModelException as e:
                            sender.send(pb_utils.InferenceResponse(
                                error=pb_utils.TritonError(str(e), pb_utils.TritonError.INVALID_ARG)), flags=FINAL)
                    return None

                async def answer(self, request, passes):
                    values = pb_utils.get_input_tensor_by_name(request, "VALUES").as_numpy()
                    words = pb_utils.get_input_tensor_by_name(request, "WORDS")
                    words = words.as_numpy().reshape(-1) if words is not None else np.array([], dtype=np.object_)
                    if b"fail" in words.tolist():
                        raise pb_utils.TritonModelException("WORDS asked the tour to fail")
                    copy = pb_utils.Tensor.from_dlpack("COPY", pb_utils.Tensor("VALUES", values).to_dlpack())
                    serialized = pb_utils.serialize_byte_tensor(words)
                    self.answered.increment(1)
                    self.last_sum.set(float(values.sum()))
                    self.sizes.observe(float(values.size))
                    report = {
                        "decoupled": self.decoupled, "scaled_type": np.dtype(self.scaled_type).name,
                        "words_optional": self.words_optional, "passes": passes,
                        "request_id": request.request_id(), "correlation_id": request.correlation_id(),
                        "flags": request.flags(), "timeout": request.timeout(),
                        "parameters": json.loads(request.parameters()),
                        "requested": sorted(request.requested_output_names()),
                        "copy": copy.as_numpy().tolist(),
                        "words": [w.decode() for w in pb_utils.deserialize_bytes_tensor(serialized).tolist()]
                                 if len(words) else [],
                        "metrics": [self.answered.value(), self.last_sum.value()],
                        "helper": await self.call_helper(values),
                    }
                    pb_utils.Logger.log_verbose("tour: " + json.dumps(report))
                    scaled = pb_utils.Tensor("SCALED", (values * 2).astype(self.scaled_type))
                    text = pb_utils.Tensor("REPORT", np.array([[json.dumps(report).encode()]], dtype=np.object_))
                    return pb_utils.InferenceResponse(output_tensors=[scaled, text], parameters={"tour": "done"})

                async def call_helper(self, values):
                    before = pb_utils.is_model_ready("helper")
                    pb_utils.load_model("helper")
                    loaded = pb_utils.is_model_ready(model_name="helper", model_version="1")
                    call = pb_utils.InferenceRequest(model_name="helper", requested_output_names=["Y"],
                                                     inputs=[pb_utils.Tensor("X", values[0])])
                    sync_reply = call.exec()
                    (async_reply,) = await asyncio.gather(call.async_exec())
                    doubled = pb_utils.get_output_tensor_by_name(sync_reply, "Y").as_numpy().tolist()
                    same = doubled == pb_utils.get_output_tensor_by_name(async_reply, "Y").as_numpy().tolist()
                    pb_utils.unload_model("helper")
                    return {"ready_before": before, "ready_loaded": loaded, "doubled": doubled, "async_same": same,
                            "parameters": json.loads(sync_reply.parameters()),
                            "ready_unloaded": pb_utils.is_model_ready("helper")}
            """;
    private static final String HELPER = """
            import numpy as np
            import triton_python_backend_utils as pb_utils

            class TritonPythonModel:
                def execute(self, requests):
                    x = pb_utils.get_input_tensor_by_name(requests[0], "X").as_numpy()
                    return [pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("Y", x * 2)],
                                                       parameters={"doubled_by": "helper"})]
            """;

    @RegisterExtension
    static final PythonEngine python = new PythonEngine();
    static InferenceResponse answer;
    static JsonObject report;

    @BeforeAll
    static void start() throws Exception {
        python.model("tour", "backend: \"python\"\n", TOUR).load("tour");
        python.model("helper", """
                backend: "python"
                input [ { name: "X", data_type: TYPE_FP32, dims: [ -1 ] } ]
                output [ { name: "Y", data_type: TYPE_FP32, dims: [ -1 ] } ]
                """, HELPER);
        List<Object> answers = python.stream(new InferenceRequest("tour-1", "tour", "",
                List.of(Tensors.fp32("VALUES", new long[] {1, 3}, 1.5f, -2f, 4f), Tensors.strings("WORDS", new long[] {1, 2}, "hi", "")),
                List.of(), Map.of("sequence_id", 9L, "timeout", 120_000_000L, "tag", "blue")));
        answer = assertInstanceOf(InferenceResponse.class, answers.getLast(), answers.toString());
        report = new JsonObject(BytesElements.toStrings(output("REPORT").bytes())[0]);
    }

    private static Tensor output(String name) {
        return answer.outputs().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void autoCompleteMadeTheModelBatchingAndDecoupled() {
        ModelConfig config = python.engine.config("tour", "");
        assertEquals(4, config.getMaxBatchSize());
        assertTrue(config.hasDynamicBatching());
        assertTrue(config.getModelTransactionPolicy().getDecoupled());
        assertEquals(true, report.getBoolean("decoupled"));
    }

    @Test
    void configHelpersReadTheCompletedConfiguration() {
        assertEquals("float32", report.getString("scaled_type"));
        assertEquals(true, report.getBoolean("words_optional"));
    }

    @Test
    void numpyOutputAndResponseParametersReachTheCaller() {
        assertArrayEquals(new long[] {1, 3}, output("SCALED").shape());
        assertArrayEquals(new float[] {3f, -4f, 8f}, Tensors.floats(output("SCALED")));
        assertEquals("done", answer.parameters().get("tour"));
    }

    @Test
    void requestDetailsReachTheModel() {
        assertEquals("tour-1", report.getString("request_id"));
        assertEquals(9, report.getInteger("correlation_id"));
        assertEquals(120_000_000L, report.getLong("timeout"));
        assertEquals(new JsonObject().put("tag", "blue"), report.getJsonObject("parameters"));
        assertEquals("[\"REPORT\",\"SCALED\"]", report.getJsonArray("requested").encode());
    }

    @Test
    void requestWasRescheduledOnceBeforeItWasAnswered() {
        assertEquals(2, report.getInteger("passes"));
    }

    @Test
    void dlpackAndBytesSerializationRoundTrip() {
        assertEquals("[[1.5,-2.0,4.0]]", report.getJsonArray("copy").encode());
        assertEquals("[\"hi\",\"\"]", report.getJsonArray("words").encode());
    }

    @Test
    void customMetricsHoldWhatTheModelRecorded() {
        assertEquals("[1.0,3.5]", report.getJsonArray("metrics").encode());
    }

    @Test
    void modelLoadsCallsSyncAndAsyncThenUnloadsAnotherModel() {
        JsonObject helper = report.getJsonObject("helper");
        assertEquals(false, helper.getBoolean("ready_before"));
        assertEquals(true, helper.getBoolean("ready_loaded"));
        assertEquals("[3.0,-4.0,8.0]", helper.getJsonArray("doubled").encode());
        assertEquals(true, helper.getBoolean("async_same"));
        assertEquals(new JsonObject().put("doubled_by", "helper"), helper.getJsonObject("parameters"));
        assertEquals(false, helper.getBoolean("ready_unloaded"));
    }

    @Test
    void isReadyAnswersTheModelReadyEndpoint() {
        assertTrue(python.engine.isModelReady("tour", "1"));
    }

    @Test
    void modelErrorSentThroughTheSenderReachesTheCallerWithItsCode() throws Exception {
        List<Object> answers = python.stream(new InferenceRequest("tour-2", "tour", "",
                List.of(Tensors.fp32("VALUES", new long[] {1, 1}, 1f), Tensors.strings("WORDS", new long[] {1, 1}, "fail")),
                List.of(), Map.of()));
        InferenceException error = assertInstanceOf(InferenceException.class, answers.getLast(), answers.toString());
        assertEquals(Status.INVALID_ARG, error.status());
        assertTrue(error.getMessage().contains("WORDS asked the tour to fail"), error.getMessage());
    }
}

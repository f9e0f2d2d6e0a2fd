package io.infergate.python;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.Status;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Models written the way Triton's python_backend documentation writes them, with numpy and
 * nothing of Infergate's own: a decoupled {@code square} answering from a thread, BLS calls sync,
 * async ({@code asyncio.gather}) and decoupled, outputs that contradict the configuration.
 */
class TritonNumpyModelsTest {
    private static final String SQUARE_CONFIG = """
            backend: "python"
            model_transaction_policy { decoupled: true }
            input [ { name: "IN", data_type: TYPE_INT32, dims: [ 1 ] } ]
            output [ { name: "OUT", data_type: TYPE_INT32, dims: [ 1 ] } ]
            """;
    /** Triton's decoupled square: for IN = n, n responses holding n, sent from a thread, then the final flag. */
    private static final String SQUARE = """
            import json, threading, time
            import numpy as np
            import triton_python_backend_utils as pb_utils

            class TritonPythonModel:
                def initialize(self, args):
                    self.model_config = json.loads(args["model_config"])
                    if not pb_utils.using_decoupled_model_transaction_policy(self.model_config):
                        raise pb_utils.TritonModelException("square must be decoupled")
                    out_config = pb_utils.get_output_config_by_name(self.model_config, "OUT")
                    self.out_dtype = pb_utils.triton_string_to_numpy(out_config["data_type"])
                    self.inflight = 0
                    self.lock = threading.Lock()

                def execute(self, requests):
                    for request in requests:
                        n = pb_utils.get_input_tensor_by_name(request, "IN").as_numpy()[0]
                        sender = request.get_response_sender()
                        if n < 0:
                            sender.send(pb_utils.InferenceResponse(error=pb_utils.TritonError(
                                "IN must not be negative, got %d" % n, pb_utils.TritonError.INVALID_ARG)),
                                flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
                            continue
                        with self.lock:
                            self.inflight += 1
                        threading.Thread(target=self.respond, args=(sender, int(n)), daemon=True).start()
                    return None

                def respond(self, sender, n):
                    for _ in range(n):
                        out = pb_utils.Tensor("OUT", np.array([n], dtype=self.out_dtype))
                        sender.send(pb_utils.InferenceResponse(output_tensors=[out]))
                    sender.send(flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
                    with self.lock:
                        self.inflight -= 1

                def finalize(self):
                    while self.inflight > 0:
                        time.sleep(0.01)
            """;
    private static final String PAIR_CONFIG = """
            backend: "python"
            input [ { name: "A", data_type: TYPE_INT32, dims: [ 16 ] }, { name: "B", data_type: TYPE_INT32, dims: [ 16 ] } ]
            output [ { name: "SUM", data_type: TYPE_INT32, dims: [ 16 ] }, { name: "DIFF", data_type: TYPE_INT32, dims: [ 16 ] } ]
            """;
    private static final String BLS_HEADER = """
            import asyncio
            import numpy as np
            import triton_python_backend_utils as pb_utils

            def add_sub(a, b):
                # python_add_sub batches: its tensors are [batch, 16]
                return pb_utils.InferenceRequest(model_name="python_add_sub", requested_output_names=["OUTPUT0", "OUTPUT1"],
                    inputs=[pb_utils.Tensor("INPUT0", a[np.newaxis, :]), pb_utils.Tensor("INPUT1", b[np.newaxis, :])])

            def output(response, name):
                if response.has_error():
                    raise pb_utils.TritonModelException(response.error().message())
                return pb_utils.get_output_tensor_by_name(response, name).as_numpy()[0]

            def inputs(request):
                return [pb_utils.get_input_tensor_by_name(request, name).as_numpy() for name in ("A", "B")]

            def answer(total, difference):
                return pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("SUM", total), pb_utils.Tensor("DIFF", difference)])
            """;
    /** BLS, sync: A + B and A - B from python_add_sub. */
    private static final String BLS_SYNC = BLS_HEADER + """
            class TritonPythonModel:
                def execute(self, requests):
                    responses = []
                    for request in requests:
                        a, b = inputs(request)
                        reply = add_sub(a, b).exec()
                        responses.append(answer(output(reply, "OUTPUT0"), output(reply, "OUTPUT1")))
                    return responses
            """;
    /** BLS, async: A + B from one call and B - A from another, gathered. */
    private static final String BLS_ASYNC = BLS_HEADER + """
            class TritonPythonModel:
                async def execute(self, requests):
                    responses = []
                    for request in requests:
                        a, b = inputs(request)
                        forward, backward = await asyncio.gather(add_sub(a, b).async_exec(), add_sub(b, a).async_exec())
                        responses.append(answer(output(forward, "OUTPUT0"), output(backward, "OUTPUT1")))
                    return responses
            """;
    /** BLS, decoupled: the sum of every OUT that square streams for IN, and how many came. */
    private static final String BLS_DECOUPLED = """
            import numpy as np
            import triton_python_backend_utils as pb_utils

            class TritonPythonModel:
                def execute(self, requests):
                    responses = []
                    for request in requests:
                        n = pb_utils.get_input_tensor_by_name(request, "IN")
                        call = pb_utils.InferenceRequest(model_name="square", requested_output_names=["OUT"],
                                                         inputs=[pb_utils.Tensor("IN", n.as_numpy())])
                        total, count = np.int32(0), 0
                        for reply in call.exec(decoupled=True):
                            if reply.has_error():
                                raise pb_utils.TritonModelException(reply.error().message())
                            out = pb_utils.get_output_tensor_by_name(reply, "OUT")
                            if out is not None:
                                total += out.as_numpy()[0]
                                count += 1
                        result = np.array([total, count], dtype=np.int32)
                        responses.append(pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("OUT", result)]))
                    return responses
            """;
    /** Returns, for word W in IN, an output that contradicts its configuration (FP32 [2]) in the way W names. */
    private static final String CONTRADICTS = """
            import numpy as np
            import triton_python_backend_utils as pb_utils

            OUTPUTS = {"right": np.zeros(2, dtype=np.float32), "long": np.zeros(3, dtype=np.float32),
                       "rank": np.zeros((1, 2), dtype=np.float32), "dtype": np.zeros(2, dtype=np.int64)}

            class TritonPythonModel:
                def execute(self, requests):
                    word = pb_utils.get_input_tensor_by_name(requests[0], "IN").as_numpy()[0].decode()
                    return [pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("OUT", OUTPUTS[word])])]
            """;

    @RegisterExtension
    static final PythonEngine python = new PythonEngine();

    @BeforeAll
    static void start() throws Exception {
        python.example("python_add_sub").load("python_add_sub");
        python.model("square", SQUARE_CONFIG, SQUARE).load("square");
        python.model("bls_sync", PAIR_CONFIG, BLS_SYNC).load("bls_sync");
        python.model("bls_async", PAIR_CONFIG, BLS_ASYNC).load("bls_async");
        python.model("bls_decoupled", """
                backend: "python"
                input [ { name: "IN", data_type: TYPE_INT32, dims: [ 1 ] } ]
                output [ { name: "OUT", data_type: TYPE_INT32, dims: [ 2 ] } ]
                """, BLS_DECOUPLED).load("bls_decoupled");
        python.model("contradicts", """
                backend: "python"
                input [ { name: "IN", data_type: TYPE_STRING, dims: [ 1 ] } ]
                output [ { name: "OUT", data_type: TYPE_FP32, dims: [ 2 ] } ]
                """, CONTRADICTS).load("contradicts");
    }

    @Test
    void squareStreamsItsValueThatManyTimesFromAThread() throws Exception {
        List<Object> answers = python.stream("square", Tensors.int32("IN", new long[] {1}, 4));
        assertEquals(4, answers.size());
        for (Object answer : answers) {
            assertArrayEquals(new int[] {4}, Tensors.ints(assertInstanceOf(InferenceResponse.class, answer).outputs()
                    .getFirst()));
        }
    }

    @Test
    void squareOfZeroEndsWithTheFinalFlagAlone() throws Exception {
        assertEquals(List.of(), python.stream("square", Tensors.int32("IN", new long[] {1}, 0)));
    }

    @Test
    void squareAnswersANegativeValueWithTheModelsErrorAndCode() throws Exception {
        List<Object> answers = python.stream("square", Tensors.int32("IN", new long[] {1}, -2));
        InferenceException error = assertInstanceOf(InferenceException.class, answers.getLast());
        assertEquals(Status.INVALID_ARG, error.status());
        assertTrue(error.getMessage().contains("IN must not be negative, got -2"), error.getMessage());
    }

    @Test
    void blsSyncReturnsTheCalleesNumpyOutputs() throws Exception {
        assertSumAndDifference("bls_sync", false);
    }

    @Test
    void blsAsyncGathersTwoCallsInFlightTogether() throws Exception {
        assertSumAndDifference("bls_async", true);
    }

    @Test
    void blsDecoupledIteratesEveryStreamedResponse() throws Exception {
        InferenceResponse response = python.infer("bls_decoupled", Map.of(), Tensors.int32("IN", new long[] {1}, 5));
        assertArrayEquals(new int[] {25, 5}, Tensors.ints(response.outputs().getFirst()));
    }

    @Test
    void outputOfTheConfiguredShapeAndDatatypeIsReturned() throws Exception {
        InferenceResponse response = python.infer("contradicts", Map.of(), Tensors.strings("IN", "right"));
        assertArrayEquals(new long[] {2}, response.outputs().getFirst().shape());
    }

    @Test
    void outputLongerThanItsConfiguredDimsFailsTheRequestNamingBothShapes() {
        assertContradiction("long", "output 'OUT' of model 'contradicts' has shape [3], but its configuration says [2]");
    }

    @Test
    void outputOfAnotherRankFailsTheRequestNamingBothShapes() {
        assertContradiction("rank", "output 'OUT' of model 'contradicts' has shape [1, 2], but its configuration says [2]");
    }

    @Test
    void outputOfAnotherDatatypeFailsTheRequestNamingBothDatatypes() {
        assertContradiction("dtype", "output 'OUT' of model 'contradicts' has datatype INT64, but its configuration says FP32");
    }

    private static void assertContradiction(String word, String message) {
        InferenceException error = python.failure("contradicts", Tensors.strings("IN", word));
        assertEquals(Status.INTERNAL, error.status());
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    private static void assertSumAndDifference(String model, boolean differenceReversed) throws Exception {
        int[] a = new int[16];
        int[] b = new int[16];
        int[] sums = new int[16];
        int[] differences = new int[16];
        for (int i = 0; i < 16; i++) {
            a[i] = 5 * i - 11;
            b[i] = 40 - i;
            sums[i] = a[i] + b[i];
            differences[i] = differenceReversed ? b[i] - a[i] : a[i] - b[i];
        }
        InferenceResponse response = python.infer(new InferenceRequest("", model, "",
                List.of(Tensors.int32("A", new long[] {16}, a), Tensors.int32("B", new long[] {16}, b)), List.of(), Map.of()));
        Map<String, Tensor> outputs = Map.of(response.outputs().get(0).name(), response.outputs().get(0),
                response.outputs().get(1).name(), response.outputs().get(1));
        assertArrayEquals(sums, Tensors.ints(outputs.get("SUM")));
        assertArrayEquals(differences, Tensors.ints(outputs.get("DIFF")));
    }
}

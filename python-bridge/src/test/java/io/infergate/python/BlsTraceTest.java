package io.infergate.python;

import static io.infergate.python.PythonEngine.TEXT_IO;
import static io.infergate.testsupport.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.trace.RequestTrace;
import io.infergate.engine.trace.TracePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Triton's {@code pb_utils.InferenceRequest(..., trace=request.trace())}: a BLS request made with
 * a traced request's trace is traced as its child, on both Python runtimes; one made without it,
 * or with something that is not a trace, is not traced.
 */
class BlsTraceTest {
    /** Calls text_identity three times: with the request's trace, without, and with a bogus trace. */
    private static final String TRACED_CALLER = """
            import numpy as np
            import triton_python_backend_utils as pb_utils

            def call(**trace):
                response = pb_utils.InferenceRequest(model_name="text_identity", requested_output_names=["OUTPUT0"],
                    inputs=[pb_utils.Tensor("INPUT0", np.array([b"x"], dtype=np.object_))], **trace).exec()
                if response.has_error():
                    raise pb_utils.TritonModelException(response.error().message())

            class TritonPythonModel:
                def execute(self, requests):
                    request = requests[0]
                    call(trace=request.trace())
                    call()
                    call(trace="not a trace")
                    return [pb_utils.InferenceResponse(output_tensors=[
                        pb_utils.Tensor("OUT", np.array([b"called"], dtype=np.object_))])]
            """;

    @RegisterExtension
    static final PythonEngine python = new PythonEngine();

    @BeforeAll
    static void start() throws Exception {
        python.model("text_identity", """
                backend: "identity"
                input [ { name: "INPUT0", data_type: TYPE_STRING, dims: [ -1 ] } ]
                output [ { name: "OUTPUT0", data_type: TYPE_STRING, dims: [ -1 ] } ]
                """, "");
        python.model("graalpy_caller", TEXT_IO, TRACED_CALLER);
        python.load("text_identity");
        python.load("graalpy_caller");
    }

    /** Runs the caller under a trace of its own; every trace once ended, the caller's first. */
    private static List<RequestTrace> tracedCall(String caller) throws Exception {
        List<RequestTrace> ended = new CopyOnWriteArrayList<>();
        RequestTrace root = new RequestTrace(new AtomicLong(), true, false, ended::add);
        InferenceResponse response = python.infer(new InferenceRequest("", caller, "",
                List.of(Tensors.strings("IN", "go")), List.of(), Map.of(), root));
        assertEquals(List.of("called"), List.of(BytesElements.toStrings(response.outputs().getFirst().bytes())));
        root.end();
        eventually("the caller's trace ended", () -> ended.contains(root));
        List<RequestTrace> all = new ArrayList<>(List.of(root));
        ended.stream().filter(trace -> trace != root).forEach(all::add);
        return all;
    }

    private static void assertOneTracedChild(List<RequestTrace> traces) {
        RequestTrace caller = traces.getFirst();
        assertEquals(2, traces.size(), "the caller and one BLS request: the others were made without its trace");
        RequestTrace child = traces.get(1);
        assertEquals(caller.id(), child.parentId());
        assertEquals("text_identity", child.modelName());
        List<TracePoint> points = child.timestamps().stream().map(RequestTrace.Timestamp::point).toList();
        assertTrue(points.containsAll(List.of(TracePoint.REQUEST_START, TracePoint.QUEUE_START,
                TracePoint.COMPUTE_START, TracePoint.COMPUTE_END, TracePoint.REQUEST_END)), points.toString());
    }

    @Test
    void aBlsRequestMadeWithTheRequestsTraceIsItsChildOnGraalPy() throws Exception {
        assertOneTracedChild(tracedCall("graalpy_caller"));
    }

    @Test
    void aBlsRequestMadeWithTheRequestsTraceIsItsChildOnCpython() throws Exception {
        // skipped without a CPython environment
        python.model("cpython_caller", CpythonEnvironment.config(TEXT_IO), TRACED_CALLER).load("cpython_caller");
        assertOneTracedChild(tracedCall("cpython_caller"));
    }

    @Test
    void theTraceOfARequestNotTracedTracesNothing() throws Exception {
        InferenceResponse response = python.infer("graalpy_caller", Map.of(), Tensors.strings("IN", "go"));
        assertEquals(List.of("called"), List.of(BytesElements.toStrings(response.outputs().getFirst().bytes())));
    }
}

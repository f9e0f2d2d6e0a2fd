package io.infergate.python;

import static io.infergate.python.PythonEngine.TEXT_IO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.infergate.engine.tensor.BytesElements;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MEMORY_LIMIT_MB: what one instance's numpy arrays may hold. A model that keeps 1 GiB per request
 * fails the request that would pass its limit, and its instance starts afresh; the server and
 * its other models go on. The arrays are np.zeros, whose pages the OS maps only when touched, so
 * the test counts gigabytes without using them.
 */
class MemoryLimitTest {
    private static final String HOARDER = """
            import threading
            import numpy as np
            import triton_python_backend_utils as pb_utils

            def answer(text):
                return pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("OUT", np.array([text.encode()], dtype=np.object_))])

            class TritonPythonModel:
                def initialize(self, args):
                    self.kept = []

                def execute(self, requests):
                    word = pb_utils.get_input_tensor_by_name(requests[0], "IN").as_numpy()[0].decode()
                    if word == "thread":
                        seen = []
                        def allocate():
                            try:
                                np.zeros(2 << 30, dtype=np.uint8)
                                seen.append("allocated")
                            except MemoryError:
                                seen.append("MemoryError")
                        worker = threading.Thread(target=allocate)
                        worker.start()
                        worker.join()
                        return [answer(seen[0])]
                    self.kept.append(np.zeros(1 << 30, dtype=np.uint8))
                    return [answer("holding %d GiB" % len(self.kept))]
            """;

    @RegisterExtension
    static final PythonEngine python = new PythonEngine();

    @BeforeAll
    static void start() throws Exception {
        python.model("hoarder", TEXT_IO + """
                parameters { key: "MEMORY_LIMIT_MB", value { string_value: "1536" } }
                """, HOARDER).load("hoarder");
        python.model("bystander", TEXT_IO + """
                parameters { key: "MEMORY_LIMIT_MB", value { string_value: "0" } }
                """, HOARDER).load("bystander");
    }

    private static String ask(String model, String word) throws Exception {
        return BytesElements.toStrings(python.infer(model, Map.of(), Tensors.strings("IN", word)).outputs().getFirst()
                .bytes())[0];
    }

    @Test
    void requestThatWouldPassTheLimitFailsNamingItAndTheInstanceStartsAfresh() throws Exception {
        assertEquals("holding 1 GiB", ask("hoarder", "keep"));
        InferenceException error = python.failure("hoarder", Tensors.strings("IN", "keep"));
        assertEquals(Status.INTERNAL, error.status());
        assertTrue(error.getMessage().contains("model 'hoarder' ran out of memory (its instances' numpy arrays may "
                + "hold 1536 MiB: model parameter MEMORY_LIMIT_MB)"), error.getMessage());
        assertTrue(error.getMessage().contains("Unable to allocate 1.00 GiB"), error.getMessage());
        assertTrue(error.getMessage().endsWith("the instance was restarted"), error.getMessage());
        assertEquals("holding 1 GiB", ask("hoarder", "keep"));
    }

    @Test
    void threadsTheModelStartsAreBoundedToo() throws Exception {
        assertEquals("MemoryError", ask("hoarder", "thread"));
    }

    @Test
    void modelWithoutALimitMayHoldWhatTheOtherMayNot() throws Exception {
        assertEquals("allocated", ask("bystander", "thread"));
    }

    @Test
    void limitThatIsNotANumberFailsTheLoadWithTheReason() throws Exception {
        python.model("unbounded", TEXT_IO + """
                parameters { key: "MEMORY_LIMIT_MB", value { string_value: "lots" } }
                """, HOARDER);
        String reason = python.loadFailure("unbounded");
        assertTrue(reason.contains("python parameter 'MEMORY_LIMIT_MB' is 'lots'; expected a non-negative number of MiB"),
                reason);
    }
}

package io.infergate.python;

import static io.infergate.python.PythonEngine.TEXT_IO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.infergate.engine.tensor.BytesElements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a CPython model's stub process can do wrong, and what the server does about it: a stub
 * that exits, is killed, hangs or writes garbage fails its request with a clear error and is
 * restarted, while the server and the other models keep serving; an unloaded model leaves no
 * process and no shared memory behind.
 */
class CpythonIsolationTest {
    /** A model that misbehaves on request: each word is one way for a stub to fail. */
    private static final String FRAGILE = """
            import gc
            import os
            import signal
            import sys
            import threading
            import time
            import numpy as np
            import triton_python_backend_utils as pb_utils

            stub = sys.modules["__main__"]

            def control_channel():
                return pb_utils._bridge._channel

            def requests_channel():
                return next(o for o in gc.get_objects() if isinstance(o, stub.Channel) and o is not control_channel())

            def answer_nobody_asked_for():
                time.sleep(0.5)  # after this request's own answer
                send_raw('{"op": "ready", "id": 0}')

            def claim_beyond_the_region(region, exported, start):
                return [{"name": "OUT", "datatype": "BYTES", "shape": [1], "offset": 1 << 40, "size": 16}]

            def truncate_after_writing(region, exported, start, write=stub.Region.outputs):
                described = write(region, exported, start)
                os.ftruncate(region._fd, 0)
                return described

            def send_raw(text, channel=None):
                body = text.encode()
                (channel or control_channel())._write(len(body).to_bytes(4, "big") + body)

            class TritonPythonModel:
                def initialize(self, args):
                    # handle 0 is this family, 1 its series
                    pb_utils.MetricFamily("fragile_total", "Requests", pb_utils.MetricFamily.COUNTER).Metric()

                def execute(self, requests):
                    word = pb_utils.get_input_tensor_by_name(requests[0], "IN").as_numpy()[0].decode()
                    if word.startswith("raw:"):
                        send_raw(word[4:])
                    if word.startswith("answer:"):  # ahead of the stub's own answer
                        send_raw(word[7:].replace("$REQUEST", str(requests[0]._host._id)), requests_channel())
                    if word == "exit":
                        os._exit(3)
                    if word == "kill":
                        os.kill(os.getpid(), signal.SIGKILL)
                    if word == "hang":
                        time.sleep(3600)
                    if word == "garbage":
                        control_channel()._write(b"\\xff\\xff\\xff\\xffnot a frame")
                    if word == "garbage_answer":
                        requests_channel()._write(b"\\xff\\xff\\xff\\xffnot a frame")
                    if word == "chatty":
                        threading.Thread(target=answer_nobody_asked_for).start()
                    if word == "beyond":
                        stub.Region.outputs = claim_beyond_the_region
                    if word == "truncate":
                        stub.Region.outputs = truncate_after_writing
                    answer = np.array([str(os.getpid()).encode()], dtype=np.object_)
                    return [pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("OUT", answer)])]
            """;

    @RegisterExtension
    static final PythonEngine python = new PythonEngine();

    @BeforeAll
    static void start() throws Exception {
        CpythonEnvironment.venv();
        for (String name : List.of("fragile", "steady", "unloaded")) {
            python.model(name, CpythonEnvironment.config(TEXT_IO), FRAGILE).load(name);
        }
        python.model("dies_streaming", CpythonEnvironment.config(TEXT_IO + """
                model_transaction_policy { decoupled: true }
                """), """
                import os
                import threading
                import time
                import numpy as np
                import triton_python_backend_utils as pb_utils

                class TritonPythonModel:
                    def execute(self, requests):
                        sender = requests[0].get_response_sender()
                        def answer_then_die():
                            sender.send(pb_utils.InferenceResponse(
                                output_tensors=[pb_utils.Tensor("OUT", np.array([b"first"], dtype=np.object_))]))
                            time.sleep(0.2)
                            os._exit(5)
                        threading.Thread(target=answer_then_die).start()
                        return None
                """).load("dies_streaming");
    }

    /** The pid of the stub that answered. */
    private static long pid(String model) throws Exception {
        return Long.parseLong(BytesElements.toStrings(python.infer(model, Map.of(), Tensors.strings("IN", "pid"))
                .outputs().getFirst().bytes())[0]);
    }

    /**
     * Sends the word that makes the stub fail; checks the request's error, then that the server and
     * the other model still serve and the failed model serves again from a new stub.
     */
    private static void failsThenServesFromANewStub(String word, Map<String, Object> parameters, Status status,
            String expected) throws Exception {
        long before = pid("fragile");
        InferenceException error = python.failure("fragile", parameters, Tensors.strings("IN", word));
        assertEquals(status, error.status());
        assertTrue(error.getMessage().contains(expected), error.getMessage());
        assertTrue(python.engine.isReady());
        pid("steady");
        assertTrue(pid("fragile") != before, "the stub was restarted");
        assertFalse(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false), "the old stub is gone");
    }

    @Test
    void stubThatExitsFailsItsRequestWithTheExitStatusAndRestarts() throws Exception {
        failsThenServesFromANewStub("exit", Map.of(), Status.UNAVAILABLE,
                "model 'fragile': its CPython stub exited with status 3 while executing a request");
    }

    @Test
    void stubKilledBySigkillFailsItsRequestNamingTheSignal() throws Exception {
        failsThenServesFromANewStub("kill", Map.of(), Status.UNAVAILABLE,
                "model 'fragile': its CPython stub was killed by signal 9 (exit status 137)");
    }

    @Test
    void stubThatHangsPastTheRequestTimeoutIsKilledAndRestarted() throws Exception {
        long started = System.nanoTime();
        failsThenServesFromANewStub("hang", Map.of("timeout", 100_000L), Status.UNAVAILABLE,
                "model 'fragile' was stopped: its execution ran past the request timeout; its CPython stub was killed");
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30), "killed soon after the timeout");
    }

    @Test
    void garbageOnTheControlSocketFailsTheInstanceNotTheServer() throws Exception {
        failsThenServesFromANewStub("garbage", Map.of(), Status.INTERNAL,
                "its CPython stub broke the protocol (a frame of 4294967295 bytes, allowed 1 to 1048576); it was stopped");
    }

    @Test
    void garbageOnTheRequestsSocketFailsTheInstanceNotTheServer() throws Exception {
        failsThenServesFromANewStub("garbage_answer", Map.of(), Status.INTERNAL,
                "its CPython stub broke the protocol (a frame of 4294967295 bytes, allowed 1 to 1048576); it was stopped");
    }

    @Test
    void outputClaimedBeyondTheRegionFailsTheInstance() throws Exception {
        failsThenServesFromANewStub("beyond", Map.of(), Status.INTERNAL,
                "broke the protocol (field 'offset' of an entry of 'outputs' is 1099511627776; expected 0 to ");
    }

    @Test
    void regionTruncatedByTheStubFailsTheInstance() throws Exception {
        failsThenServesFromANewStub("truncate", Map.of(), Status.INTERNAL,
                "broke the protocol (field 'offset' of an entry of 'outputs' is 64; expected 0 to 0)");
    }

    /**
     * A message the stub sends on its control socket that breaks a rule of the protocol: the
     * request fails and the stub is replaced.
     */
    private static void brokenMessageFailsTheInstance(String message, String expected) throws Exception {
        failsThenServesFromANewStub("raw:" + message, Map.of(), Status.INTERNAL,
                "its CPython stub broke the protocol (" + expected);
    }

    @Test
    void hostCallOfAnUnknownMethodFailsTheInstance() throws Exception {
        brokenMessageFailsTheInstance("{\"op\": \"call\", \"id\": 1, \"method\": \"format_disk\"}",
                "a call of unknown method 'format_disk'");
    }

    @Test
    void metricUpdateOfASeriesTheStubDoesNotHoldFailsTheInstance() throws Exception {
        brokenMessageFailsTheInstance("{\"op\": \"call\", \"id\": 1, \"method\": \"metric_update\", "
                + "\"series\": 999, \"action\": \"set\", \"value\": 1}", "field 'series' of a 'metric_update' "
                + "call names no metric series it holds");
    }

    @Test
    void metricFamilyHandleUsedAsASeriesFailsTheInstance() throws Exception {
        brokenMessageFailsTheInstance("{\"op\": \"call\", \"id\": 1, \"method\": \"metric_value\", "
                + "\"series\": 0}", "field 'series' of a 'metric_value' call names no metric series it holds");
    }

    @Test
    void metricLabelsThatAreNotPairsFailTheInstance() throws Exception {
        brokenMessageFailsTheInstance("{\"op\": \"call\", \"id\": 1, \"method\": \"metric\", \"family\": 0, "
                + "\"labels\": [[\"only\"]], \"buckets\": []}", "field 'labels' of a 'call' message is not an "
                + "array of [name, value] pairs");
    }

    @Test
    void metricValueThatIsNotANumberFailsTheInstance() throws Exception {
        brokenMessageFailsTheInstance("{\"op\": \"call\", \"id\": 1, \"method\": \"metric_update\", "
                + "\"series\": 1, \"action\": \"set\", \"value\": \"lots\"}",
                "field 'value' of a 'call' message is not a number");
    }

    @Test
    void cancellationQuestionAboutARequestNeverSentFailsTheInstance() throws Exception {
        brokenMessageFailsTheInstance("{\"op\": \"call\", \"id\": 1, \"method\": \"is_cancelled\", "
                + "\"request\": 99999}", "a call about request 99999, which was never sent");
    }

    @Test
    void responseParameterOfAnotherTypeFailsTheInstance() throws Exception {
        failsThenServesFromANewStub("answer:{\"op\": \"result\", \"id\": $REQUEST, \"control_frames\": 0, "
                + "\"outputs\": [], \"parameters\": {\"score\": [1]}}", Map.of(), Status.INTERNAL,
                "its CPython stub broke the protocol (field 'parameters' of a 'result' message is not an object of "
                + "booleans, strings and 64-bit integers");
    }

    @Test
    void answerOnTheControlSocketFailsTheInstance() throws Exception {
        brokenMessageFailsTheInstance("{\"op\": \"result\", \"id\": 1, \"outputs\": []}",
                "a 'result' message nobody asked for");
    }

    @Test
    void answerWithoutItsControlFrameCountFailsTheInstance() throws Exception {
        failsThenServesFromANewStub("answer:{\"op\": \"result\", \"id\": $REQUEST, \"outputs\": []}", Map.of(),
                Status.INTERNAL, "its CPython stub broke the protocol (field 'control_frames' of ");
    }

    @Test
    void readyAnswerNobodyAskedForFailsTheInstance() throws Exception {
        brokenMessageFailsTheInstance("{\"op\": \"ready_state\", \"id\": 5, \"ready\": true}",
                "a 'ready_state' message for question 5, which is not open");
    }

    @Test
    void stubThatDiesWhileStreamingFailsTheOpenRequest() throws Exception {
        List<Object> answers = python.stream("dies_streaming", Tensors.strings("IN", "go"));
        assertEquals(2, answers.size(), answers.toString());
        InferenceException error = assertInstanceOf(InferenceException.class, answers.get(1));
        assertEquals(Status.UNAVAILABLE, error.status());
        assertTrue(error.getMessage().contains("model 'dies_streaming': its CPython stub exited with status 5 while a "
                + "request was streaming"), error.getMessage());
    }

    @Test
    void messageBetweenRequestsReplacesTheStubBeforeTheNextRequest() throws Exception {
        long chatty = Long.parseLong(BytesElements.toStrings(python.infer("fragile", Map.of(),
                Tensors.strings("IN", "chatty")).outputs().getFirst().bytes())[0]);
        Thread.sleep(2000);
        assertTrue(pid("fragile") != chatty, "the next request is served by a new stub");
        assertFalse(ProcessHandle.of(chatty).map(ProcessHandle::isAlive).orElse(false), "the old stub is gone");
    }

    @Test
    void manyRestartsLeakNoDescriptorsProcessesOrRegions() throws Exception {
        pid("fragile");
        int descriptors = openFiles(Path.of("/proc/self/fd")).size();
        long stubs = stubProcesses();
        for (int i = 0; i < 100; i++) {
            python.failure("fragile", Tensors.strings("IN", "exit"));
        }
        pid("fragile");
        assertTrue(openFiles(Path.of("/proc/self/fd")).size() <= descriptors + 2,
                "descriptors before: " + descriptors + ", after: " + openFiles(Path.of("/proc/self/fd")));
        assertEquals(stubs, stubProcesses());
        try (var shm = Files.list(Path.of("/dev/shm"))) {
            assertTrue(shm.noneMatch(file -> file.getFileName().toString().startsWith("infergate-cpython-")));
        }
    }

    private static long stubProcesses() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(child -> child.info().commandLine().orElse("").contains("infergate_stub.py")).count();
    }

    @Test
    void unloadLeavesNoProcessAndNoSharedMemory() throws Exception {
        long pid = pid("unloaded");
        String region = regionOf(pid);
        assertTrue(region.endsWith(" (deleted)"), "the region is unlinked while the stub runs: " + region);
        String name = region.substring(0, region.length() - " (deleted)".length());
        assertFalse(Files.exists(Path.of(name)));

        PythonEngine.await(python.engine.unload("unloaded", false));

        ProcessHandle.of(pid).ifPresent(stub -> stub.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the stub process is gone");
        assertTrue(ProcessHandle.current().descendants().noneMatch(child -> child.pid() == pid));
        assertTrue(openFiles(Path.of("/proc/self/fd")).stream().noneMatch(file -> file.startsWith(name)),
                "this JVM holds no descriptor of the region");
    }

    /** The stub's descriptor of its shared region, as /proc shows it. */
    private static String regionOf(long pid) throws IOException {
        return openFiles(Path.of("/proc", Long.toString(pid), "fd")).stream()
                .filter(file -> file.startsWith("/dev/shm/infergate-cpython-")).findFirst().orElseThrow();
    }

    private static List<String> openFiles(Path fds) throws IOException {
        try (var links = Files.list(fds)) {
            return links.map(link -> {
                try {
                    return Files.readSymbolicLink(link).toString();
                } catch (IOException e) {
                    return "";
                }
            }).toList();
        }
    }
}

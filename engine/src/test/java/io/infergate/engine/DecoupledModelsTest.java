package io.infergate.engine;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ModelStatistics.ResponseStatistics;
import io.infergate.engine.api.Status;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoupled models answer a streamed request many times, then complete. */
class DecoupledModelsTest {
    private static final String SQUARE = """
            backend: "square"
            max_batch_size: 0
            model_transaction_policy { decoupled: true }
            input [ { name: "IN" data_type: TYPE_INT32 dims: [ 1 ] } ]
            output [ { name: "OUT" data_type: TYPE_INT32 dims: [ 1 ] } ]
            """;
    /** Triton's repeat test model: one response per value of IN. */
    static final String REPEAT = """
            backend: "repeat"
            max_batch_size: 0
            model_transaction_policy { decoupled: true }
            input [ { name: "IN" data_type: TYPE_INT32 dims: [ -1 ] },
                    { name: "DELAY" data_type: TYPE_UINT32 dims: [ -1 ] },
                    { name: "WAIT" data_type: TYPE_UINT32 dims: [ 1 ] } ]
            output [ { name: "OUT" data_type: TYPE_INT32 dims: [ 1 ] },
                     { name: "IDX" data_type: TYPE_UINT32 dims: [ 1 ] } ]
            """;

    @TempDir
    Path dir;

    private Vertx vertx;
    private LocalEngine engine;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        new TestRepository(dir).model("square", SQUARE, 1).model("repeat", REPEAT, 1);
        engine = await(LocalEngine.start(vertx, new EngineOptions(List.of(dir), ModelControlMode.NONE, List.of(),
                true, false)));
    }

    @AfterEach
    void tearDown() throws Exception {
        await(engine.close());
        await(vertx.close());
    }

    /** A 1-D tensor of 32-bit values. */
    static Tensor int32(String name, DataType type, int... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            data.putInt(v);
        }
        return new Tensor(name, type, new long[] {values.length}, data.flip());
    }

    private List<InferenceResponse> stream(String model, Tensor... inputs) throws Exception {
        CollectingSink sink = new CollectingSink();
        vertx.runOnContext(v -> engine.inferStream(
                new InferenceRequest("s", model, "", List.of(inputs), List.of(), Map.of()), sink));
        return await(sink.done.future());
    }

    private static int first(InferenceResponse response, String output) {
        return response.outputs().stream().filter(t -> t.name().equals(output)).findFirst().orElseThrow()
                .bytes().getInt(0);
    }

    @Test
    void squareAnswersNTimesThenCompletes() throws Exception {
        List<InferenceResponse> responses = stream("square", int32("IN", DataType.INT32, 3));
        assertEquals(3, responses.size());
        responses.forEach(r -> assertEquals(3, first(r, "OUT")));
    }

    @Test
    void squareOfZeroOnlyCompletes() throws Exception {
        assertTrue(stream("square", int32("IN", DataType.INT32, 0)).isEmpty());
    }

    @Test
    void repeatSendsEachValueWithItsIndexInOrder() throws Exception {
        List<InferenceResponse> responses = stream("repeat", int32("IN", DataType.INT32, 7, 8, 9),
                int32("DELAY", DataType.UINT32, 1, 1, 1), int32("WAIT", DataType.UINT32, 0));
        assertEquals(List.of(7, 8, 9), responses.stream().map(r -> first(r, "OUT")).toList());
        assertEquals(List.of(0, 1, 2), responses.stream().map(r -> first(r, "IDX")).toList());
    }

    @Test
    void repeatWithMismatchedDelaysFailsTheStream() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> stream("repeat",
                int32("IN", DataType.INT32, 7, 8), int32("DELAY", DataType.UINT32, 1), int32("WAIT", DataType.UINT32, 0)));
        assertTrue(e.getCause().getMessage().contains("DELAY"), e.getCause().getMessage());
    }

    @Test
    void unaryInferenceOfADecoupledModelIsRefused() throws Exception {
        Future<InferenceResponse> unary = engine.infer(
                new InferenceRequest("", "square", "", List.of(int32("IN", DataType.INT32, 1)), List.of(), Map.of()));
        InferenceException e = EngineHarness.failure(unary);
        assertEquals(Status.UNSUPPORTED, e.status());
        assertEquals("unary inference doesn't support models with decoupled transaction policy: model 'square' may"
                + " answer more than once; use a streaming API such as gRPC ModelStreamInfer", e.getMessage());
    }

    /** Restarts the engine with the identity model "echo" added to the repository. */
    private void restartWithEcho() throws Exception {
        new TestRepository(dir).identity("echo", "TYPE_INT32", 0, 1);
        await(engine.close());
        engine = await(LocalEngine.start(vertx, new EngineOptions(List.of(dir), ModelControlMode.NONE, List.of(),
                true, false)));
    }

    @Test
    void streamOfAnOrdinaryModelAnswersOnceAndCompletes() throws Exception {
        restartWithEcho();
        Tensor input = int32("INPUT0", DataType.INT32, 5).withNameAndShape("INPUT0", new long[] {1, 1});
        List<InferenceResponse> responses = stream("echo", input);
        assertEquals(1, responses.size());
        assertEquals(5, first(responses.getFirst(), "OUTPUT0"));
    }

    @Test
    void squareCountsOneSuccessPerStream() throws Exception {
        stream("square", int32("IN", DataType.INT32, 2));
        assertEquals(1, engine.statistics("square", "").getFirst().inference().success().count());
        assertEquals(0, engine.statistics("square", "").getFirst().pendingRequests());
    }

    @Test
    void repeatCountsEachResponseUnderItsIndexAndTheFinalFlagAsAnEmptyResponse() throws Exception {
        stream("repeat", int32("IN", DataType.INT32, 7, 8, 9), int32("DELAY", DataType.UINT32, 1, 1, 1),
                int32("WAIT", DataType.UINT32, 0));
        Map<Integer, ResponseStatistics> responses = engine.statistics("repeat", "").getFirst().responses();
        assertEquals(List.of(0, 1, 2, 3), List.copyOf(responses.keySet()));
        for (int index = 0; index < 3; index++) {
            ResponseStatistics response = responses.get(index);
            assertEquals(1, response.success().count(), "response " + index);
            assertEquals(1, response.computeInfer().count(), "response " + index);
            assertEquals(response.computeInfer().ns() + response.computeOutput().ns(), response.success().ns());
            assertEquals(0, response.emptyResponse().count(), "response " + index);
        }
        assertEquals(1, responses.get(3).emptyResponse().count());
        assertEquals(0, responses.get(3).success().count());
    }

    @Test
    void aFailedStreamCountsAFailureAtTheIndexWhereItsNextResponseWouldBe() {
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> stream("repeat",
                int32("IN", DataType.INT32, 7, 8), int32("DELAY", DataType.UINT32, 1), int32("WAIT", DataType.UINT32, 0)));
        Map<Integer, ResponseStatistics> responses = engine.statistics("repeat", "").getFirst().responses();
        assertEquals(1, responses.get(0).fail().count());
        assertEquals(0, responses.get(0).success().count());
    }

    @Test
    void anOrdinaryModelHasNoResponseStatistics() throws Exception {
        restartWithEcho();
        stream("echo", int32("INPUT0", DataType.INT32, 5).withNameAndShape("INPUT0", new long[] {1, 1}));
        assertTrue(engine.statistics("echo", "").getFirst().responses().isEmpty());
        assertTrue(engine.statistics("echo", "").getFirst().memoryUsage().isEmpty());
    }
}

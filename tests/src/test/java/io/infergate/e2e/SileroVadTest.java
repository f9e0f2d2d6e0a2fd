package io.infergate.e2e;

import static io.infergate.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.infergate.testkit.audio.SileroDirect;
import io.infergate.testkit.audio.SyntheticAudio;
import io.vertx.core.Future;
import io.infergate.engine.EngineOptions.ModelControlMode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Silero VAD v5 with its LSTM state carried by the sequence batcher as implicit state: chunk by
 * chunk, the server's speech probabilities equal ONNX Runtime's with the state threaded by hand.
 */
class SileroVadTest {
    /** Same runtime, same inputs; only thread counts differ, so results agree to float rounding. */
    private static final float TOLERANCE = 1e-5f;

    private static RunningServer server;
    private static SileroDirect direct;

    @BeforeAll
    static void start() throws Exception {
        direct = new SileroDirect(ProjectPaths.fetchedModel("silero_vad"));
        // Only the model under test: the repository also holds Python models that take long to load.
        server = RunningServer.start(ProjectPaths.examples(), ModelControlMode.EXPLICIT, List.of("silero_vad"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        direct.close();
    }

    private static JsonObject httpStep(float[] chunk, long id, boolean start, boolean end) {
        JsonArray samples = new JsonArray();
        for (float sample : chunk) {
            samples.add(sample);
        }
        JsonObject body = new JsonObject()
                .put("parameters", new JsonObject().put("sequence_id", id).put("sequence_start", start)
                        .put("sequence_end", end))
                .put("inputs", new JsonArray()
                        .add(new JsonObject().put("name", "input").put("datatype", "FP32")
                                .put("shape", new JsonArray().add(1).add(chunk.length)).put("data", samples))
                        .add(new JsonObject().put("name", "sr").put("datatype", "INT64")
                                .put("shape", new JsonArray().add(1)).put("data", new JsonArray().add(16000))));
        HttpResponse<Buffer> response = server.postJson("/v2/models/silero_vad/infer", body);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    @Test
    void aThirtySecondStreamMatchesOnnxRuntimeChunkByChunk() throws Exception {
        float[] audio = SyntheticAudio.stream(30, 30);
        float[] expected = direct.probabilities(audio);
        int chunks = SyntheticAudio.chunks(audio);
        for (int i = 0; i < chunks; i++) {
            JsonObject response = httpStep(SyntheticAudio.chunk(audio, i), 30, i == 0, i == chunks - 1);
            float probability = response.getJsonArray("outputs").getJsonObject(0).getJsonArray("data").getFloat(0);
            assertEquals(expected[i], probability, TOLERANCE, "chunk " + i);
        }
        assertEquals(1, server.server().engine().metadata("silero_vad", "").outputs().size(), "stateN stays hidden");
    }

    static InferenceRequest request(float[] chunk, long id, boolean start, boolean end) {
        ByteBuffer samples = ByteBuffer.allocateDirect(chunk.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        samples.asFloatBuffer().put(chunk);
        ByteBuffer rate = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, SyntheticAudio.SAMPLE_RATE);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("sequence_id", id);
        parameters.put("sequence_start", start);
        parameters.put("sequence_end", end);
        return new InferenceRequest("", "silero_vad", "", List.of(
                new Tensor("input", DataType.FP32, new long[] {1, chunk.length}, samples),
                new Tensor("sr", DataType.INT64, new long[] {1}, rate)), List.of(), parameters);
    }

    /** Sends a stream's chunks one after another (each after the previous answer); the probabilities. */
    static Future<float[]> stream(InferenceEngine engine, long id, float[] audio) {
        float[] out = new float[SyntheticAudio.chunks(audio)];
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < out.length; i++) {
            int index = i;
            chain = chain.compose(v -> engine.infer(request(SyntheticAudio.chunk(audio, index), id, index == 0,
                    index == out.length - 1)).map(response -> {
                        out[index] = probability(response);
                        return null;
                    }));
        }
        return chain.map(v -> out);
    }

    static float probability(InferenceResponse response) {
        return response.outputs().getFirst().bytes().getFloat(0);
    }

    @Test
    void sixtyFourConcurrentStreamsStayIndependent() throws Exception {
        InferenceEngine engine = server.server().engine();
        List<float[]> audio = new ArrayList<>();
        List<Future<float[]>> answers = new ArrayList<>();
        for (int s = 0; s < 64; s++) {
            audio.add(SyntheticAudio.stream(1000 + s, 3));
            answers.add(stream(engine, 1000 + s, audio.get(s)));
        }
        for (int s = 0; s < 64; s++) {
            float[] expected = direct.probabilities(audio.get(s));
            float[] actual = await(answers.get(s));
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], TOLERANCE, "stream " + s + " chunk " + i);
            }
        }
    }
}

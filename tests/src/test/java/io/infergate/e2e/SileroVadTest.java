package io.infergate.e2e;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.testkit.audio.SileroDirect;
import io.infergate.testkit.audio.SyntheticAudio;
import io.infergate.testkit.audio.VadGrpcStream;
import io.infergate.testsupport.ProjectPaths;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Silero VAD v5 with its LSTM state carried by the sequence batcher as implicit state, fed
 * chunk by chunk over gRPC ModelStreamInfer streams: the server's speech probabilities equal
 * ONNX Runtime's with the state threaded by hand.
 */
class SileroVadTest {
    /** Same runtime, same inputs; only thread counts differ, so results agree to float rounding. */
    private static final float TOLERANCE = 1e-5f;

    private static RunningServer server;
    private static SileroDirect direct;
    private static Vertx clientVertx;
    private static GrpcClient grpc;
    private static SocketAddress address;

    @BeforeAll
    static void start() throws Exception {
        direct = new SileroDirect(ProjectPaths.fetchedModel("silero_vad"));
        server = RunningServer.start(ProjectPaths.examples(), ModelControlMode.EXPLICIT, List.of("silero_vad"));
        clientVertx = Vertx.vertx();
        grpc = GrpcClient.client(clientVertx);
        address = SocketAddress.inetSocketAddress(server.server().grpcPort(), "127.0.0.1");
    }

    @AfterAll
    static void stop() throws Exception {
        await(grpc.close());
        await(clientVertx.close());
        server.close();
        direct.close();
    }

    private static void assertSameProbabilities(float[] expected, float[] actual, String stream) {
        assertEquals(expected.length, actual.length, stream);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE, stream + " chunk " + i);
        }
    }

    @Test
    void aThirtySecondStreamMatchesOnnxRuntimeChunkByChunk() throws Exception {
        float[] audio = SyntheticAudio.stream(30, 30);
        float[] expected = direct.probabilities(audio);
        // eight chunks ahead: queued requests of one sequence must still run in order
        float[] actual = await(VadGrpcStream.send(grpc, address, audio, 30, 8));
        assertSameProbabilities(expected, actual, "stream 30");
        assertTrue(differsFromStateless(audio, expected), "the state changes the answers, so it was carried");
        assertEquals(1, server.server().models().metadata("silero_vad", "").outputs().size(), "stateN stays hidden");
    }

    @Test
    void sixtyFourConcurrentStreamsStayIndependent() throws Exception {
        List<float[]> audio = new ArrayList<>();
        List<Future<float[]>> answers = new ArrayList<>();
        for (int s = 0; s < 64; s++) {
            audio.add(SyntheticAudio.stream(1000 + s, 3));
            answers.add(VadGrpcStream.send(grpc, address, audio.get(s), 1000 + s, 1));
        }
        for (int s = 0; s < 64; s++) {
            assertSameProbabilities(direct.probabilities(audio.get(s)), await(answers.get(s)), "stream " + s);
        }
    }

    /** Whether some chunk, run from a fresh state, gets a clearly different probability than in its stream. */
    private static boolean differsFromStateless(float[] audio, float[] inStream) throws Exception {
        for (int i = 1; i < inStream.length; i++) {
            if (Math.abs(direct.stream().step(SyntheticAudio.chunk(audio, i)) - inStream[i]) > 100 * TOLERANCE) {
                return true;
            }
        }
        return false;
    }
}

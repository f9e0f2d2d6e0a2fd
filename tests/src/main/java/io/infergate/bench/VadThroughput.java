package io.infergate.bench;

import static io.infergate.testsupport.Await.await;

import io.infergate.testkit.audio.SileroDirect;
import io.infergate.testkit.audio.SyntheticAudio;
import io.infergate.testkit.audio.VadGrpcStream;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Silero VAD chunks per second for many concurrent streams: through the server (one gRPC
 * ModelStreamInfer stream per audio stream, one chunk in flight each, as a live microphone
 * sends), and through ONNX Runtime in this process, threads stepping the same streams.
 */
final class VadThroughput {
    private final List<float[]> streams = new ArrayList<>();
    private final int chunks;

    VadThroughput(int streamCount, int seconds) {
        int total = 0;
        for (int s = 0; s < streamCount; s++) {
            streams.add(SyntheticAudio.stream(5000 + s, seconds));
            total += SyntheticAudio.chunks(streams.get(s));
        }
        chunks = total;
    }

    double throughServer(GrpcClient grpc, SocketAddress server, long firstSequenceId) {
        long start = System.nanoTime();
        List<Future<float[]>> answers = new ArrayList<>();
        for (int s = 0; s < streams.size(); s++) {
            answers.add(VadGrpcStream.send(grpc, server, streams.get(s), firstSequenceId + s, 1));
        }
        await(Future.all(answers));
        return chunks / ((System.nanoTime() - start) / 1e9);
    }

    /** Each of {@code threads} threads steps its share of the streams, a chunk of each in turn. */
    double direct(SileroDirect model, int threads) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            long start = System.nanoTime();
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    stepShare(model, first, threads);
                    return null;
                }));
            }
            for (var d : done) {
                d.get();
            }
            return chunks / ((System.nanoTime() - start) / 1e9);
        }
    }

    private void stepShare(SileroDirect model, int first, int stride) throws Exception {
        List<SileroDirect.Stream> states = new ArrayList<>();
        List<float[]> audio = new ArrayList<>();
        for (int s = first; s < streams.size(); s += stride) {
            states.add(model.stream());
            audio.add(streams.get(s));
        }
        int length = SyntheticAudio.chunks(audio.getFirst());
        for (int i = 0; i < length; i++) {
            for (int s = 0; s < states.size(); s++) {
                states.get(s).step(SyntheticAudio.chunk(audio.get(s), i));
            }
        }
    }
}

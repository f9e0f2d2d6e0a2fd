package io.infergate.testkit.audio;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Silero VAD v5 run by ONNX Runtime directly, threading the state [2, 1, 128] from chunk to
 * chunk by hand: the reference the server's implicit state must match.
 */
public final class SileroDirect implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    public SileroDirect(Path model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            session = env.createSession(model.toString(), options);
        }
    }

    /** One stream's state: the speech probability of each chunk given the ones before it. */
    public final class Stream {
        private float[] state = new float[2 * 128];

        public float step(float[] chunk) throws OrtException {
            try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(chunk), new long[] {1, chunk.length});
                    OnnxTensor stateIn = OnnxTensor.createTensor(env, FloatBuffer.wrap(state), new long[] {2, 1, 128});
                    OnnxTensor sr = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {SyntheticAudio.SAMPLE_RATE}),
                            new long[] {});
                    OrtSession.Result result = session.run(Map.of("input", input, "state", stateIn, "sr", sr))) {
                float probability = ((float[][]) result.get("output").orElseThrow().getValue())[0][0];
                FloatBuffer next = ((OnnxTensor) result.get("stateN").orElseThrow()).getFloatBuffer();
                state = new float[next.remaining()];
                next.get(state);
                return probability;
            }
        }
    }

    public Stream stream() {
        return new Stream();
    }

    /** Every chunk's probability for a whole stream. */
    public float[] probabilities(float[] audio) throws OrtException {
        Stream stream = stream();
        float[] out = new float[SyntheticAudio.chunks(audio)];
        for (int i = 0; i < out.length; i++) {
            out[i] = stream.step(SyntheticAudio.chunk(audio, i));
        }
        return out;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}

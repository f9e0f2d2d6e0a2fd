package io.infergate.testkit.audio;

import java.util.Random;

/**
 * Deterministic 16 kHz test audio: alternating one-second segments of silence, a tone, white
 * noise and a tone under noise, each stream varied by its seed (tone pitch, levels, order).
 */
public final class SyntheticAudio {
    public static final int SAMPLE_RATE = 16_000;
    /** Silero VAD v5 takes 512 samples per chunk at 16 kHz. */
    public static final int CHUNK = 512;

    private SyntheticAudio() {
    }

    /** {@code seconds} of audio, cut to whole chunks. */
    public static float[] stream(long seed, int seconds) {
        Random random = new Random(seed);
        int samples = seconds * SAMPLE_RATE / CHUNK * CHUNK;
        float[] audio = new float[samples];
        double pitch = 150 + random.nextInt(600);
        float level = 0.2f + random.nextFloat() * 0.6f;
        int offset = random.nextInt(4);
        for (int i = 0; i < samples; i++) {
            double tone = level * Math.sin(2 * Math.PI * pitch * i / SAMPLE_RATE);
            double noise = (random.nextFloat() * 2 - 1) * level * 0.5;
            audio[i] = (float) switch ((i / SAMPLE_RATE + offset) % 4) {
                case 0 -> 0;
                case 1 -> tone;
                case 2 -> noise;
                default -> tone + noise;
            };
        }
        return audio;
    }

    /** Chunk {@code index} of a stream. */
    public static float[] chunk(float[] audio, int index) {
        float[] chunk = new float[CHUNK];
        System.arraycopy(audio, index * CHUNK, chunk, 0, CHUNK);
        return chunk;
    }

    public static int chunks(float[] audio) {
        return audio.length / CHUNK;
    }
}

package io.infergate.engine.cache;

import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SHA-256 digest of everything that decides a response: the model version's load (its
 * generation), each input's name, datatype, shape and bytes (by name, so their order in the
 * request does not matter), the requested outputs in order with their classification count and
 * parameters, and the request's parameters. Every variable-length part is written with its length
 * first, so two different requests never encode to the same bytes.
 *
 * <p>The digest alone is the key, as Triton's hash is: a SHA-256 collision is not known to exist,
 * so keeping the request's bytes beside each entry to compare them (twice the memory) would guard
 * against nothing. Triton uses a 64-bit hash and accepts its (small) collision risk.
 */
final class CacheKey {
    private final byte[] digest;
    private final int hash;

    private CacheKey(byte[] digest) {
        this.digest = digest;
        this.hash = Arrays.hashCode(digest);
    }

    /** The key of a request to the model version loaded as {@code generation}. */
    static CacheKey of(long generation, InferenceRequest request) {
        Encoder encoder = new Encoder();
        encoder.number(generation);
        List<Tensor> inputs = request.inputs().stream().sorted(Comparator.comparing(Tensor::name)).toList();
        encoder.number(inputs.size());
        for (Tensor input : inputs) {
            encoder.text(input.name());
            encoder.text(input.dataType().name());
            encoder.number(input.shape().length);
            for (long dim : input.shape()) {
                encoder.number(dim);
            }
            encoder.bytes(input.bytes());
        }
        encoder.number(request.requestedOutputs().size());
        for (RequestedOutput output : request.requestedOutputs()) {
            encoder.text(output.name());
            encoder.number(output.classificationCount());
            encoder.parameters(output.parameters());
        }
        encoder.parameters(request.parameters());
        return new CacheKey(encoder.digest.digest());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CacheKey key && Arrays.equals(digest, key.digest);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Writes length-prefixed parts into a SHA-256 digest. */
    private static final class Encoder {
        /** Cloned for each key: a clone skips the provider lookup of getInstance, a few microseconds a request. */
        private static final MessageDigest SHA_256;

        static {
            try {
                SHA_256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final MessageDigest digest;
        private final ByteBuffer number = ByteBuffer.allocate(Long.BYTES);

        Encoder() {
            try {
                digest = (MessageDigest) SHA_256.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the runtime's SHA-256 cannot be cloned", e);
            }
        }

        void number(long value) {
            digest.update(number.clear().putLong(value).array());
        }

        void text(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            number(utf8.length);
            digest.update(utf8);
        }

        void bytes(ByteBuffer data) {
            number(data.remaining());
            digest.update(data);
        }

        /** Parameters by name, each value with its type, so 1 (a number) and "1" (a string) differ. */
        void parameters(Map<String, Object> parameters) {
            Map<String, Object> sorted = new TreeMap<>(parameters);
            number(sorted.size());
            sorted.forEach((name, value) -> {
                text(name);
                text(value == null ? "null" : value.getClass().getName());
                text(String.valueOf(value));
            });
        }
    }
}

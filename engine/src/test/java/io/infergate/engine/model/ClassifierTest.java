package io.infergate.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassifierTest {
    private static Tensor fp32(float... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            data.putFloat(v);
        }
        return new Tensor("OUT", DataType.FP32, new long[] {values.length}, data.flip());
    }

    @Test
    void topKIsSortedByValueWithLabels() {
        Tensor result = Classifier.classify(fp32(0.1f, 0.7f, 0.2f), 2, 1, false, List.of("cat", "dog", "eel"));
        assertArrayEquals(new String[] {"0.700000:1:dog", "0.200000:2:eel"}, BytesElements.toStrings(result.data()));
        assertArrayEquals(new long[] {2}, result.shape());
    }

    @Test
    void entriesWithoutLabelsHaveValueAndIndexOnly() {
        Tensor result = Classifier.classify(fp32(3f, 5f), 1, 1, false, List.of());
        assertArrayEquals(new String[] {"5.000000:1"}, BytesElements.toStrings(result.data()));
    }

    @Test
    void batchedOutputsAreClassifiedPerItem() {
        Tensor batch = fp32(1f, 2f, 9f, 0f).withNameAndShape("OUT", new long[] {2, 2});
        Tensor result = Classifier.classify(batch, 1, 2, true, List.of());
        assertArrayEquals(new long[] {2, 1}, result.shape());
        assertArrayEquals(new String[] {"2.000000:1", "9.000000:0"}, BytesElements.toStrings(result.data()));
    }

    @Test
    void absurdCountIsRejected() {
        assertThrows(InferenceException.class, () -> Classifier.classify(fp32(1f), 1_000_000, 1, false, List.of()));
    }

    @Test
    void aBytesOutputIsRefusedInTritonsWords() {
        Tensor text = new Tensor("OUT", DataType.BYTES, new long[] {1}, BytesElements.fromStrings("a"));
        InferenceException e = assertThrows(InferenceException.class,
                () -> Classifier.classify(text, 1, 1, false, List.of()));
        assertEquals(Status.INVALID_ARG, e.status());
        assertEquals("class result not available for output due to unsupported type 'BYTES' (output 'OUT')",
                e.getMessage());
    }

    @Test
    void anOutputOfMoreThanAMillionValuesPerItemIsRefusedInTritonsWords() {
        Tensor large = new Tensor("OUT", DataType.FP32, new long[] {1, 1_000_001},
                ByteBuffer.allocate(4_000_004).order(ByteOrder.LITTLE_ENDIAN));
        InferenceException e = assertThrows(InferenceException.class,
                () -> Classifier.classify(large, 5, 1, true, List.of()));
        assertEquals(Status.INVALID_ARG, e.status());
        assertEquals("classification output tensor too large: output 'OUT' has 1000001 elements per item, more than"
                + " 1000000", e.getMessage());
    }
}

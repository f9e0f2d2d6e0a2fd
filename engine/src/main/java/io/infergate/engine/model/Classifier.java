package io.infergate.engine.model;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Triton's classification extension: replaces an output with its top-k entries per batch item,
 * each a string "value:index" or "value:index:label", as a BYTES tensor.
 */
final class Classifier {
    /** More classes than any label file holds: a cap so a client cannot ask for huge outputs. */
    static final int MAX_CLASSIFICATION_COUNT = 100_000;
    /** Triton's limit on the values ranked per item: each is copied and sorted. */
    static final int MAX_CLASSIFIED_ELEMENTS = 1_000_000;

    private Classifier() {
    }

    static Tensor classify(Tensor output, int count, int batchSize, boolean batched, List<String> labels) {
        if (count > MAX_CLASSIFICATION_COUNT) {
            throw InferenceException.invalid("classification count " + count + " exceeds the limit of "
                    + MAX_CLASSIFICATION_COUNT);
        }
        if (!output.dataType().isFixedSize() || output.dataType() == DataType.BOOL) {
            throw InferenceException.invalid("class result not available for output due to unsupported type '"
                    + output.dataType() + "' (output '" + output.name() + "')");
        }
        int items = batched ? batchSize : 1;
        long perItem = output.elementCount() / Math.max(items, 1);
        if (perItem > MAX_CLASSIFIED_ELEMENTS) {
            throw InferenceException.invalid("classification output tensor too large: output '" + output.name()
                    + "' has " + perItem + " elements per item, more than " + MAX_CLASSIFIED_ELEMENTS);
        }
        int classes = (int) perItem;
        int k = Math.min(count, classes);
        List<byte[]> entries = new ArrayList<>(items * k);
        ByteBuffer data = output.bytes();
        for (int item = 0; item < items; item++) {
            int base = item * classes;
            double[] values = new double[classes];
            for (int c = 0; c < classes; c++) {
                values[c] = NumericReader.read(output.dataType(), data, base + c);
            }
            IntStream.range(0, classes).boxed()
                    .sorted(Comparator.comparingDouble((Integer c) -> values[c]).reversed())
                    .limit(k)
                    .forEach(c -> entries.add(entry(output.dataType(), values[c], c, labels)));
        }
        long[] shape = batched ? new long[] {items, k} : new long[] {k};
        return new Tensor(output.name(), DataType.BYTES, shape, BytesElements.serialize(entries));
    }

    private static byte[] entry(DataType type, double value, int index, List<String> labels) {
        String number = switch (type) {
            case FP16, BF16, FP32, FP64 -> String.format(java.util.Locale.ROOT, "%f", value);
            default -> Long.toString((long) value);
        };
        StringBuilder text = new StringBuilder(number).append(':').append(index);
        if (index < labels.size()) {
            text.append(':').append(labels.get(index));
        }
        return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}

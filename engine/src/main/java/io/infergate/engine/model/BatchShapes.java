package io.infergate.engine.model;

import java.util.List;

/** Concrete shapes from configured dims: batch dimension in front, one -1 solved from the data. */
final class BatchShapes {
    private BatchShapes() {
    }

    /**
     * @param dims          configured dims without the batch dimension (at most one -1 is solved)
     * @param batched       whether the model batches (then the batch size comes first)
     * @param batchSize     batch size of the request
     * @param totalElements element count of the data the shape must describe
     */
    static long[] resolve(List<Long> dims, boolean batched, int batchSize, long totalElements) {
        int offset = batched ? 1 : 0;
        long[] shape = new long[dims.size() + offset];
        if (batched) {
            shape[0] = batchSize;
        }
        long known = 1;
        int wildcard = -1;
        for (int i = 0; i < dims.size(); i++) {
            shape[i + offset] = dims.get(i);
            if (dims.get(i) == -1) {
                wildcard = i + offset;
            } else {
                known *= dims.get(i);
            }
        }
        if (wildcard >= 0) {
            long perItem = totalElements / Math.max(1, batched ? batchSize : 1);
            shape[wildcard] = known == 0 ? 0 : perItem / known;
        }
        return shape;
    }
}

package io.infergate.engine.scheduler;

import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Joins the inputs of several requests along the batch dimension and splits outputs back. Each
 * input's bytes are copied once, into one direct buffer that native backends read in place;
 * outputs are split into slices of the backend's buffer, without a copy.
 */
public final class BatchTensors {
    private BatchTensors() {
    }

    /**
     * The inputs of compatible requests joined; each request's batch sizes add up. Ragged inputs
     * are joined flat, into one dimension, as Triton's backends expect them.
     */
    static List<Tensor> join(List<PendingRequest> requests, Set<String> ragged) {
        return joinParts(requests.stream().map(request -> request.prepared.backendInputs()).toList(), ragged);
    }

    /**
     * Joins lists of tensors (one list per batch part, same names in the same order) along the
     * batch dimension; ragged inputs are joined flat.
     */
    public static List<Tensor> joinParts(List<List<Tensor>> parts, Set<String> ragged) {
        List<Tensor> first = parts.getFirst();
        List<Tensor> joined = new ArrayList<>(first.size());
        for (int input = 0; input < first.size(); input++) {
            long batch = 0;
            long elements = 0;
            int bytes = 0;
            for (List<Tensor> tensors : parts) {
                Tensor part = tensors.get(input);
                batch += part.shape()[0];
                elements += part.elementCount();
                bytes = Math.addExact(bytes, part.byteSize());
            }
            ByteBuffer data = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (List<Tensor> tensors : parts) {
                data.put(tensors.get(input).bytes());
            }
            Tensor template = first.get(input);
            long[] shape;
            if (ragged.contains(template.name())) {
                shape = new long[] {elements};
            } else {
                shape = template.shape().clone();
                shape[0] = batch;
            }
            joined.add(new Tensor(template.name(), template.dataType(), shape, data.flip()));
        }
        return joined;
    }

    /** The slice of every output that belongs to each request, in request order. */
    static List<List<Tensor>> split(List<Tensor> outputs, List<PendingRequest> requests) {
        return split(outputs, requests.stream().mapToInt(PendingRequest::batchSize).toArray());
    }

    /** The slice of every output that belongs to each part, whose batch sizes are {@code itemsPerPart}. */
    public static List<List<Tensor>> split(List<Tensor> outputs, int[] itemsPerPart) {
        List<List<Tensor>> perRequest = new ArrayList<>(itemsPerPart.length);
        for (int i = 0; i < itemsPerPart.length; i++) {
            perRequest.add(new ArrayList<>(outputs.size()));
        }
        for (Tensor output : outputs) {
            long batch = output.shape().length == 0 ? 0 : output.shape()[0];
            long itemElements = batch == 0 ? 0 : output.elementCount() / batch;
            ByteBuffer data = output.bytes();
            int offset = 0;
            for (int i = 0; i < itemsPerPart.length; i++) {
                int items = itemsPerPart[i];
                int length = output.dataType() == DataType.BYTES
                        ? bytesLength(data, offset, items * itemElements)
                        : Math.toIntExact(items * itemElements * output.dataType().byteSize());
                long[] shape = output.shape().clone();
                shape[0] = items;
                perRequest.get(i).add(new Tensor(output.name(), output.dataType(), shape, data.slice(offset, length)));
                offset += length;
            }
        }
        return perRequest;
    }

    /** The byte length of {@code elements} length-prefixed BYTES elements starting at {@code offset}. */
    private static int bytesLength(ByteBuffer data, int offset, long elements) {
        int position = offset;
        for (long e = 0; e < elements; e++) {
            position += 4 + data.getInt(position);
        }
        return position - offset;
    }
}

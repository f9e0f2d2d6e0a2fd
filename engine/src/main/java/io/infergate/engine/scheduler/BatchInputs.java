package io.infergate.engine.scheduler;

import io.infergate.engine.config.ConfigDataTypes;
import io.infergate.engine.config.proto.ModelConfigProto.BatchInput;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Triton's batch inputs: tensors the server adds to an execution that describe the batch it
 * formed, so a model can take ragged inputs as one flat tensor and still find each request's
 * part (element counts, accumulated offsets, item shapes).
 */
final class BatchInputs {
    private BatchInputs() {
    }

    /** The batch input tensors of one execution, in config order. */
    static List<Tensor> of(List<BatchInput> specs, List<PendingRequest> requests) {
        List<Tensor> tensors = new ArrayList<>(specs.size());
        for (BatchInput spec : specs) {
            String source = spec.getSourceInput(0);
            List<long[]> itemShapes = new ArrayList<>(requests.size());
            for (PendingRequest request : requests) {
                itemShapes.add(itemShape(sourceTensor(request, source)));
            }
            DataType type = ConfigDataTypes.toTensorType(spec.getDataType());
            tensors.add(build(spec.getKind(), spec.getTargetName(0), type, itemShapes));
        }
        return tensors;
    }

    private static Tensor sourceTensor(PendingRequest request, String name) {
        return request.prepared.request().inputs().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("batch input source '" + name + "' is missing"));
    }

    /** The shape of one request's input without its batch dimension. */
    private static long[] itemShape(Tensor tensor) {
        long[] shape = tensor.shape();
        long[] item = new long[Math.max(0, shape.length - 1)];
        System.arraycopy(shape, 1, item, 0, item.length);
        return item;
    }

    private static long elements(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        return count;
    }

    private static Tensor build(BatchInput.Kind kind, String name, DataType type, List<long[]> items) {
        List<Long> values = new ArrayList<>();
        long[] shape;
        switch (kind) {
            case BATCH_ELEMENT_COUNT -> items.forEach(item -> values.add(elements(item)));
            case BATCH_ACCUMULATED_ELEMENT_COUNT, BATCH_ACCUMULATED_ELEMENT_COUNT_WITH_ZERO -> {
                long sum = 0;
                if (kind == BatchInput.Kind.BATCH_ACCUMULATED_ELEMENT_COUNT_WITH_ZERO) {
                    values.add(0L);
                }
                for (long[] item : items) {
                    sum += elements(item);
                    values.add(sum);
                }
            }
            case BATCH_MAX_ELEMENT_COUNT_AS_SHAPE -> {
                long max = items.stream().mapToLong(BatchInputs::elements).max().orElse(0);
                return new Tensor(name, type, new long[] {max},
                        ByteBuffer.allocateDirect(Math.toIntExact(max * type.byteSize())));
            }
            case BATCH_ITEM_SHAPE, BATCH_ITEM_SHAPE_FLATTEN -> items.forEach(item -> {
                for (long dim : item) {
                    values.add(dim);
                }
            });
            default -> throw new IllegalArgumentException("unknown batch input kind " + kind);
        }
        int rank = items.isEmpty() ? 0 : items.getFirst().length;
        shape = kind == BatchInput.Kind.BATCH_ITEM_SHAPE ? new long[] {items.size(), rank} : new long[] {values.size()};
        return new Tensor(name, type, shape, encode(type, values));
    }

    private static ByteBuffer encode(DataType type, List<Long> values) {
        ByteBuffer data = ByteBuffer.allocateDirect(values.size() * type.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            switch (type) {
                case FP32 -> data.putFloat(value);
                case INT32 -> data.putInt(Math.toIntExact(value));
                case INT64 -> data.putLong(value);
                default -> throw new IllegalArgumentException("batch inputs must be TYPE_FP32, TYPE_INT32 or TYPE_INT64");
            }
        }
        return data.flip();
    }
}

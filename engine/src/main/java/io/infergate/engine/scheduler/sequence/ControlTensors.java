package io.infergate.engine.scheduler.sequence;

import io.infergate.engine.config.ConfigDataTypes;
import io.infergate.engine.config.proto.ModelConfigProto;
import io.infergate.engine.config.proto.ModelConfigProto.ModelSequenceBatching.Control;
import io.infergate.engine.config.proto.ModelConfigProto.ModelSequenceBatching.ControlInput;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The control inputs the sequence batcher adds to every execution: START, END, READY as the
 * configured false/true values (int32, fp32 or bool), CORRID as the configured type. One element
 * per batch position: shape [batch, 1] for a batching model, [1] otherwise.
 */
final class ControlTensors {
    /** What the controls say about one batch position. */
    record Position(CorrelationId id, boolean start, boolean end, boolean ready) {
    }

    private final List<ControlInput> inputs;
    private final boolean batches;

    ControlTensors(List<ControlInput> inputs, boolean batches) {
        this.inputs = List.copyOf(inputs);
        this.batches = batches;
    }

    /** The CORRID type the model expects, or null when it takes no CORRID input. */
    static DataType corridType(List<ControlInput> inputs) {
        for (ControlInput input : inputs) {
            for (Control control : input.getControlList()) {
                if (control.getKind() == Control.Kind.CONTROL_SEQUENCE_CORRID) {
                    return ConfigDataTypes.toTensorType(control.getDataType());
                }
            }
        }
        return null;
    }

    List<Tensor> build(List<Position> positions) {
        List<Tensor> tensors = new ArrayList<>(inputs.size());
        long[] shape = batches ? new long[] {positions.size(), 1} : new long[] {1};
        for (ControlInput input : inputs) {
            Control control = input.getControl(0);
            tensors.add(switch (control.getKind()) {
                case CONTROL_SEQUENCE_START -> flags(input.getName(), control, shape, positions, Position::start);
                case CONTROL_SEQUENCE_END -> flags(input.getName(), control, shape, positions, Position::end);
                case CONTROL_SEQUENCE_READY -> flags(input.getName(), control, shape, positions, Position::ready);
                case CONTROL_SEQUENCE_CORRID -> corrids(input.getName(), control.getDataType(), shape, positions);
                default -> throw new IllegalStateException("unknown control kind " + control.getKind());
            });
        }
        return tensors;
    }

    private static Tensor flags(String name, Control control, long[] shape, List<Position> positions,
            java.util.function.Predicate<Position> flag) {
        DataType type;
        ByteBuffer data;
        if (control.getInt32FalseTrueCount() == 2) {
            type = DataType.INT32;
            data = direct(positions.size() * 4);
            positions.forEach(p -> data.putInt(control.getInt32FalseTrue(flag.test(p) ? 1 : 0)));
        } else if (control.getFp32FalseTrueCount() == 2) {
            type = DataType.FP32;
            data = direct(positions.size() * 4);
            positions.forEach(p -> data.putFloat(control.getFp32FalseTrue(flag.test(p) ? 1 : 0)));
        } else {
            type = DataType.BOOL;
            data = direct(positions.size());
            positions.forEach(p -> data.put((byte) (control.getBoolFalseTrue(flag.test(p) ? 1 : 0) ? 1 : 0)));
        }
        return new Tensor(name, type, shape, data.flip());
    }

    private static Tensor corrids(String name, ModelConfigProto.DataType configType, long[] shape,
            List<Position> positions) {
        DataType type = ConfigDataTypes.toTensorType(configType);
        if (type == DataType.BYTES) {
            List<byte[]> texts = positions.stream().map(p -> text(p.id()).getBytes(StandardCharsets.UTF_8)).toList();
            ByteBuffer data = direct(texts.stream().mapToInt(t -> 4 + t.length).sum());
            texts.forEach(t -> data.putInt(t.length).put(t));
            return new Tensor(name, type, shape, data.flip());
        }
        ByteBuffer data = direct(positions.size() * type.byteSize());
        for (Position position : positions) {
            long id = position.id().number();
            if (type.byteSize() == 8) {
                data.putLong(id);
            } else {
                data.putInt((int) id);
            }
        }
        return new Tensor(name, type, shape, data.flip());
    }

    private static String text(CorrelationId id) {
        return id.isString() ? id.text() : Long.toUnsignedString(id.number());
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}

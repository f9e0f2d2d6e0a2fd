package io.infergate.engine.backend.sequence;

import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelSequenceBatching.Control;
import io.infergate.engine.config.proto.ModelConfigProto.ModelSequenceBatching.ControlInput;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * How the sequence test backends read the control inputs the sequence batcher adds: START, END
 * and READY per batch position against the configured true value, CORRID as a number.
 */
final class SequenceControls {
    private final List<ControlInput> controls;

    SequenceControls(ModelConfig config) {
        this.controls = config.getSequenceBatching().getControlInputList();
    }

    boolean has(Control.Kind kind) {
        return controls.stream().anyMatch(input -> input.getControl(0).getKind() == kind);
    }

    /** Whether a START, END or READY control is true at batch position {@code index}; false when absent. */
    boolean flag(List<Tensor> inputs, Control.Kind kind, int index) {
        for (ControlInput input : controls) {
            Control control = input.getControl(0);
            if (control.getKind() != kind) {
                continue;
            }
            ByteBuffer data = tensor(inputs, input.getName()).bytes();
            if (control.getInt32FalseTrueCount() == 2) {
                return data.getInt(index * 4) == control.getInt32FalseTrue(1);
            }
            if (control.getFp32FalseTrueCount() == 2) {
                return data.getFloat(index * 4) == control.getFp32FalseTrue(1);
            }
            return (data.get(index) != 0) == control.getBoolFalseTrue(1);
        }
        return false;
    }

    /** The correlation id at batch position {@code index} as a number; a string id must be decimal. */
    long correlationId(List<Tensor> inputs, int index) {
        for (ControlInput input : controls) {
            if (input.getControl(0).getKind() != Control.Kind.CONTROL_SEQUENCE_CORRID) {
                continue;
            }
            Tensor tensor = tensor(inputs, input.getName());
            if (tensor.dataType() == DataType.BYTES) {
                String text = BytesElements.toStrings(tensor.bytes())[index];
                try {
                    return Long.parseLong(text.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("correlation id '" + text + "' is not an integer");
                }
            }
            return tensor.dataType().byteSize() == 8 ? tensor.bytes().getLong(index * 8) : tensor.bytes().getInt(index * 4);
        }
        throw new IllegalArgumentException("the model has no CORRID control input");
    }

    static Tensor tensor(List<Tensor> inputs, String name) {
        return inputs.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("input '" + name + "' is missing"));
    }
}

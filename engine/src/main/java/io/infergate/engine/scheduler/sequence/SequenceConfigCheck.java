package io.infergate.engine.scheduler.sequence;

import io.infergate.engine.config.ConfigDataTypes;
import io.infergate.engine.config.proto.ModelConfigProto.DataType;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelSequenceBatching;
import io.infergate.engine.config.proto.ModelConfigProto.ModelSequenceBatching.Control;
import io.infergate.engine.config.proto.ModelConfigProto.ModelSequenceBatching.ControlInput;
import io.infergate.engine.model.ModelLoadException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Load-time checks of a sequence_batching section: what the scheduler cannot serve fails the load. */
public final class SequenceConfigCheck {
    private static final Set<DataType> CORRID_TYPES = EnumSet.of(DataType.TYPE_UINT64, DataType.TYPE_INT64,
            DataType.TYPE_UINT32, DataType.TYPE_INT32, DataType.TYPE_STRING);

    private SequenceConfigCheck() {
    }

    public static void validate(ModelConfig config) throws ModelLoadException {
        if (config.getModelTransactionPolicy().getDecoupled() && config.getSequenceBatching().getStateCount() > 0) {
            throw new ModelLoadException("a decoupled model cannot carry implicit state: its state output would"
                    + " have to come with one of its zero to many responses");
        }
        ModelSequenceBatching sequencing = config.getSequenceBatching();
        Set<String> taken = new HashSet<>();
        config.getInputList().forEach(input -> taken.add(input.getName()));
        Set<Control.Kind> kinds = EnumSet.noneOf(Control.Kind.class);
        for (ControlInput input : sequencing.getControlInputList()) {
            if (input.getName().isEmpty() || !taken.add(input.getName())) {
                throw new ModelLoadException("sequence control input '" + input.getName()
                        + "' needs a name of its own (not empty, not an input, not another control)");
            }
            if (input.getControlCount() != 1) {
                throw new ModelLoadException("sequence control input '" + input.getName() + "' needs exactly one control");
            }
            Control control = input.getControl(0);
            if (!kinds.add(control.getKind())) {
                throw new ModelLoadException("sequence control " + control.getKind() + " is declared twice");
            }
            checkControl(input.getName(), control);
        }
        for (ModelSequenceBatching.State state : sequencing.getStateList()) {
            checkState(state, taken, config);
        }
    }

    private static void checkControl(String name, Control control) throws ModelLoadException {
        if (control.getKind() == Control.Kind.CONTROL_SEQUENCE_CORRID) {
            if (!CORRID_TYPES.contains(control.getDataType())) {
                throw new ModelLoadException("CORRID control '" + name + "' must have data_type TYPE_UINT64, "
                        + "TYPE_INT64, TYPE_UINT32, TYPE_INT32 or TYPE_STRING");
            }
            return;
        }
        int kindsGiven = (control.getInt32FalseTrueCount() > 0 ? 1 : 0) + (control.getFp32FalseTrueCount() > 0 ? 1 : 0)
                + (control.getBoolFalseTrueCount() > 0 ? 1 : 0);
        int values = control.getInt32FalseTrueCount() + control.getFp32FalseTrueCount() + control.getBoolFalseTrueCount();
        if (kindsGiven != 1 || values != 2) {
            throw new ModelLoadException("control '" + name + "' needs exactly one of int32_false_true, "
                    + "fp32_false_true or bool_false_true with two values (false, true)");
        }
    }

    private static void checkState(ModelSequenceBatching.State state, Set<String> taken, ModelConfig config)
            throws ModelLoadException {
        String name = state.getInputName();
        if (name.isEmpty() || state.getOutputName().isEmpty() || !taken.add(name)) {
            throw new ModelLoadException("state '" + name + "' needs an input_name of its own and an output_name");
        }
        if (config.getOutputList().stream().anyMatch(output -> output.getName().equals(state.getOutputName()))) {
            throw new ModelLoadException("state output '" + state.getOutputName() + "' is also a model output");
        }
        var type = ConfigDataTypes.toTensorType(state.getDataType());
        if (type == null || !type.isFixedSize()) {
            throw new ModelLoadException("state '" + name + "' needs a fixed-size data_type");
        }
        if (state.getInitialStateCount() > 1) {
            throw new ModelLoadException("state '" + name + "' has more than one initial_state");
        }
        List<Long> dims = state.getInitialStateCount() == 1 ? state.getInitialState(0).getDimsList() : state.getDimsList();
        if (dims.stream().anyMatch(dim -> dim < 0)) {
            throw new ModelLoadException("state '" + name + "' has variable dims: give an initial_state with fixed dims");
        }
        if (state.getInitialStateCount() == 1 && state.getInitialState(0).getDataType() != state.getDataType()) {
            throw new ModelLoadException("initial_state of state '" + name + "' has another data_type than the state");
        }
    }
}

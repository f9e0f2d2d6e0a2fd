package io.infergate.engine.scheduler.sequence;

import io.infergate.engine.config.ConfigDataTypes;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelSequenceBatching;
import io.infergate.engine.config.proto.ModelConfigProto.ModelSequenceBatching.InitialState;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Shapes;
import io.infergate.engine.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One implicit state of a sequence model: the model reads it from {@code input} and writes the
 * next value to {@code output}; the scheduler carries it from step to step of a sequence and the
 * client never sees it. Values are kept per sequence with the shape one batch item has.
 *
 * @param input   the model input that receives the state
 * @param output  the model output that produces the next state
 * @param initial the value a sequence starts with (zeros, or the initial_state data file)
 */
record ImplicitState(String input, String output, Tensor initial) {

    /** The states a configuration declares, with their initial values; IOException when a data file is unreadable. */
    static List<ImplicitState> of(ModelConfig config, Path modelDir) throws IOException {
        List<ImplicitState> states = new ArrayList<>();
        boolean batches = config.getMaxBatchSize() > 0;
        for (ModelSequenceBatching.State state : config.getSequenceBatching().getStateList()) {
            DataType type = ConfigDataTypes.toTensorType(state.getDataType());
            List<Long> dims = state.getInitialStateCount() > 0 ? state.getInitialState(0).getDimsList()
                    : state.getDimsList();
            long[] itemShape = itemShape(dims, batches);
            int bytes = Math.toIntExact(Shapes.byteSize(type, itemShape));
            ByteBuffer data = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
            if (state.getInitialStateCount() > 0 && state.getInitialState(0).hasDataFile()) {
                data.put(readDataFile(modelDir, state.getInitialState(0), bytes));
            }
            states.add(new ImplicitState(state.getInputName(), state.getOutputName(),
                    new Tensor(state.getInputName(), type, itemShape, data.clear())));
        }
        return states;
    }

    /** A batching model's state item gets a batch dimension of 1, so items join into a batch. */
    private static long[] itemShape(List<Long> dims, boolean batches) {
        int offset = batches ? 1 : 0;
        long[] shape = new long[dims.size() + offset];
        if (batches) {
            shape[0] = 1;
        }
        for (int i = 0; i < dims.size(); i++) {
            shape[i + offset] = dims.get(i);
        }
        return shape;
    }

    private static byte[] readDataFile(Path modelDir, InitialState initial, int expectedBytes) throws IOException {
        Path folder = modelDir.resolve("initial_state").normalize();
        Path file = folder.resolve(initial.getDataFile()).normalize();
        if (!file.startsWith(folder)) {
            throw new IOException("initial_state data_file '" + initial.getDataFile() + "' is outside "
                    + folder);
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != expectedBytes) {
            throw new IOException("initial_state data_file " + file + " has " + bytes.length
                    + " bytes, the state needs " + expectedBytes);
        }
        return bytes;
    }
}

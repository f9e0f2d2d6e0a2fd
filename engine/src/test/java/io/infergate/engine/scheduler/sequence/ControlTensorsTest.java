package io.infergate.engine.scheduler.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.engine.config.proto.ModelConfigProto;
import io.infergate.engine.config.proto.ModelConfigProto.ModelSequenceBatching.Control;
import io.infergate.engine.config.proto.ModelConfigProto.ModelSequenceBatching.ControlInput;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The control tensors in each configured form: the false/true values and the CORRID types. */
class ControlTensorsTest {
    private static final List<ControlTensors.Position> TWO = List.of(
            new ControlTensors.Position(new CorrelationId(-2L, null), true, false, true),
            new ControlTensors.Position(new CorrelationId(7, null), false, true, false));

    private static Tensor only(ControlInput input, boolean batches, List<ControlTensors.Position> positions) {
        return new ControlTensors(List.of(input), batches).build(positions).getFirst();
    }

    private static ControlInput control(String name, Control.Builder control) {
        return ControlInput.newBuilder().setName(name).addControl(control).build();
    }

    private static ControlInput corrid(ModelConfigProto.DataType type) {
        return control("CORRID", Control.newBuilder().setKind(Control.Kind.CONTROL_SEQUENCE_CORRID).setDataType(type));
    }

    @Test
    void int32FalseTrueUsesTheConfiguredValues() {
        Tensor end = only(control("END", Control.newBuilder().setKind(Control.Kind.CONTROL_SEQUENCE_END)
                .addInt32FalseTrue(5).addInt32FalseTrue(9)), true, TWO);
        assertEquals(DataType.INT32, end.dataType());
        assertArrayEquals(new long[] {2, 1}, end.shape());
        assertEquals(5, end.bytes().getInt(0));
        assertEquals(9, end.bytes().getInt(4));
    }

    @Test
    void fp32FalseTrueGivesFloats() {
        Tensor start = only(control("START", Control.newBuilder().setKind(Control.Kind.CONTROL_SEQUENCE_START)
                .addFp32FalseTrue(0f).addFp32FalseTrue(1f)), true, TWO);
        assertEquals(DataType.FP32, start.dataType());
        assertEquals(1f, start.bytes().getFloat(0));
        assertEquals(0f, start.bytes().getFloat(4));
    }

    @Test
    void boolFalseTrueGivesBooleans() {
        Tensor ready = only(control("READY", Control.newBuilder().setKind(Control.Kind.CONTROL_SEQUENCE_READY)
                .addBoolFalseTrue(false).addBoolFalseTrue(true)), true, TWO);
        assertEquals(DataType.BOOL, ready.dataType());
        assertEquals(1, ready.bytes().get(0));
        assertEquals(0, ready.bytes().get(1));
    }

    @Test
    void anUnbatchedModelGetsShapeOne() {
        Tensor start = only(control("START", Control.newBuilder().setKind(Control.Kind.CONTROL_SEQUENCE_START)
                .addInt32FalseTrue(0).addInt32FalseTrue(1)), false, TWO.subList(0, 1));
        assertArrayEquals(new long[] {1}, start.shape());
    }

    @Test
    void corridTakesEachIntegerType() {
        Tensor uint64 = only(corrid(ModelConfigProto.DataType.TYPE_UINT64), true, TWO);
        assertEquals(DataType.UINT64, uint64.dataType());
        assertEquals(-2L, uint64.bytes().getLong(0), "the largest ids keep all 64 bits");
        assertEquals(7L, uint64.bytes().getLong(8));
        Tensor int64 = only(corrid(ModelConfigProto.DataType.TYPE_INT64), true, TWO.subList(1, 2));
        assertEquals(DataType.INT64, int64.dataType());
        assertEquals(7L, int64.bytes().getLong(0));
        for (ModelConfigProto.DataType type : List.of(ModelConfigProto.DataType.TYPE_UINT32,
                ModelConfigProto.DataType.TYPE_INT32)) {
            Tensor narrow = only(corrid(type), true, TWO.subList(1, 2));
            assertEquals(4, narrow.bytes().remaining(), type.name());
            assertEquals(7, narrow.bytes().getInt(0), type.name());
        }
    }

    @Test
    void aStringCorridCarriesTheTextOrTheNumberAsText() {
        Tensor ids = only(corrid(ModelConfigProto.DataType.TYPE_STRING), true, List.of(
                new ControlTensors.Position(new CorrelationId(0, "session-a"), true, false, true),
                new ControlTensors.Position(new CorrelationId(42, null), false, false, true)));
        assertEquals(DataType.BYTES, ids.dataType());
        ByteBuffer data = ids.bytes();
        assertEquals("session-a", text(data));
        assertEquals("42", text(data));
    }

    private static String text(ByteBuffer data) {
        byte[] bytes = new byte[data.getInt()];
        data.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

package io.infergate.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.infergate.engine.config.proto.ModelConfigProto;
import io.infergate.engine.tensor.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConfigDataTypesTest {

    @Test
    void stringConfigTypeIsBytesTensorType() {
        assertEquals(DataType.BYTES, ConfigDataTypes.toTensorType(ModelConfigProto.DataType.TYPE_STRING));
        assertEquals(ModelConfigProto.DataType.TYPE_STRING, ConfigDataTypes.toConfigType(DataType.BYTES));
    }

    @Test
    void invalidConfigTypeHasNoTensorType() {
        assertNull(ConfigDataTypes.toTensorType(ModelConfigProto.DataType.TYPE_INVALID));
        assertNull(ConfigDataTypes.toTensorType(ModelConfigProto.DataType.UNRECOGNIZED));
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void everyTensorTypeMapsToAConfigTypeAndBack(DataType type) {
        assertEquals(type, ConfigDataTypes.toTensorType(ConfigDataTypes.toConfigType(type)));
    }

    @ParameterizedTest
    @EnumSource(value = ModelConfigProto.DataType.class, names = {"TYPE_INVALID", "UNRECOGNIZED"}, mode = EnumSource.Mode.EXCLUDE)
    void everyValidConfigTypeMapsToATensorTypeAndBack(ModelConfigProto.DataType type) {
        assertEquals(type, ConfigDataTypes.toConfigType(ConfigDataTypes.toTensorType(type)));
    }
}

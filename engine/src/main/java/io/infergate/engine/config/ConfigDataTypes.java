package io.infergate.engine.config;

import io.infergate.engine.config.proto.ModelConfigProto;
import io.infergate.engine.tensor.DataType;

/** Converts between the configuration's {@code TYPE_*} data types and the engine's tensor types. */
public final class ConfigDataTypes {

    private ConfigDataTypes() {}

    /** The tensor type for a configuration type; null for TYPE_INVALID or an unrecognized number. */
    public static DataType toTensorType(ModelConfigProto.DataType configType) {
        // The tensor enum carries the TYPE_* names, so matching by name covers TYPE_STRING -> BYTES.
        return DataType.fromConfigName(configType.name());
    }

    /** The configuration type for a tensor type, such as TYPE_STRING for BYTES. */
    public static ModelConfigProto.DataType toConfigType(DataType tensorType) {
        return ModelConfigProto.DataType.valueOf(tensorType.configName());
    }
}

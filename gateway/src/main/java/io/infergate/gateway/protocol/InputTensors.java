package io.infergate.gateway.protocol;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Shapes;
import io.infergate.engine.tensor.Tensor;
import java.util.Collection;

/** Checks on input tensors as received, before any of their data is looked at or copied. */
public final class InputTensors {
    private static final String SHARED_MEMORY_PREFIX = "shared_memory_";

    private InputTensors() {
    }

    /** Refuses a shape whose element count (and byte size, for fixed-size types) overflows. */
    public static void checkSize(String name, DataType type, long[] shape) {
        try {
            if (type.isFixedSize()) {
                Shapes.byteSize(type, shape);
            } else {
                Shapes.elementCount(shape);
            }
        } catch (IllegalArgumentException e) {
            throw invalid("input '" + name + "': " + e.getMessage());
        }
    }

    /** Refuses data whose length disagrees with shape and datatype, or malformed BYTES prefixes. */
    public static void validate(Tensor tensor) {
        try {
            tensor.validateData();
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /** Shared memory is an extension this server does not have yet: its parameters are refused, not ignored. */
    public static void refuseSharedMemory(String name, Collection<String> parameterKeys) {
        for (String key : parameterKeys) {
            if (key.startsWith(SHARED_MEMORY_PREFIX)) {
                throw new InferenceException(Status.UNSUPPORTED,
                        "input '" + name + "': shared memory is not supported by this server");
            }
        }
    }
}

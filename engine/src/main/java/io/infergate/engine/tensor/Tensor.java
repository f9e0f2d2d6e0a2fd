package io.infergate.engine.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A named tensor: datatype, shape and its bytes in little-endian order. The data buffer is often a
 * slice of a received network buffer; nobody writes to it after construction.
 *
 * @param name     tensor name as the model configuration spells it
 * @param dataType element type
 * @param shape    dimensions, each {@code >= 0}
 * @param data     little-endian element bytes (BYTES: length-prefixed elements), position 0 to limit
 */
public record Tensor(String name, DataType dataType, long[] shape, ByteBuffer data) {

    public Tensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    public long elementCount() {
        return Shapes.elementCount(shape);
    }

    /** The tensor's bytes, a fresh read-only view starting at 0. */
    public ByteBuffer bytes() {
        return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    public int byteSize() {
        return data.remaining();
    }

    /** The same data under another name and shape (element counts must agree; checked by callers). */
    public Tensor withNameAndShape(String newName, long[] newShape) {
        return new Tensor(newName, dataType, newShape, data);
    }

    /**
     * Checks that the data length agrees with shape and datatype: exact byte size for fixed-size
     * types, element count (with every length prefix inside the buffer) for BYTES.
     *
     * @throws IllegalArgumentException naming the tensor and what disagrees
     */
    public void validateData() {
        if (dataType.isFixedSize()) {
            long expected = Shapes.byteSize(dataType, shape);
            if (expected != data.remaining()) {
                throw new IllegalArgumentException("input '" + name + "' has " + data.remaining()
                        + " bytes of data but shape " + Shapes.format(shape) + " of " + dataType
                        + " needs " + expected);
            }
        } else {
            long expected = Shapes.elementCount(shape);
            long actual;
            try {
                actual = BytesElements.count(data);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("input '" + name + "': " + e.getMessage());
            }
            if (expected != actual) {
                throw new IllegalArgumentException("input '" + name + "' has " + actual
                        + " BYTES elements but shape " + Shapes.format(shape) + " needs " + expected);
            }
        }
    }

    @Override
    public String toString() {
        return "Tensor[" + name + " " + dataType + " " + Shapes.format(shape) + ", " + data.remaining() + " bytes]";
    }
}

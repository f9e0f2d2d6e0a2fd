package io.infergate.engine.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A named tensor: datatype, shape and its bytes in little-endian order. The data buffer is often a
 * slice of a received network buffer; nobody writes to it after construction.
 *
 * @param name     tensor name as the model configuration spells it
 * @param dataType element type
 * @param shape    dimensions, each {@code >= 0}
 * @param data        little-endian element bytes (BYTES: length-prefixed elements), position 0 to limit
 * @param dataChecked whether the data is already known to agree with shape and datatype, as
 *                    {@link #validateData()} checks: true only from code that has just walked it
 *                    (a frontend that counted a BYTES tensor's elements to size its shape), so that
 *                    a BYTES tensor is scanned once per request, not again by the engine
 */
public record Tensor(String name, DataType dataType, long[] shape, ByteBuffer data, boolean dataChecked) {

    public Tensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A tensor whose data nobody has checked yet against its shape. */
    public Tensor(String name, DataType dataType, long[] shape, ByteBuffer data) {
        this(name, dataType, shape, data, false);
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

    /**
     * The same data under another name and shape (element counts must agree; checked by callers).
     * A checked tensor stays checked under a new name only: a new shape is checked again.
     */
    public Tensor withNameAndShape(String newName, long[] newShape) {
        return new Tensor(newName, dataType, newShape, data, dataChecked && Arrays.equals(shape, newShape));
    }

    /**
     * The element count of an input's shape, refusing a negative dimension and a count (or, for a
     * fixed-size datatype, a byte size) beyond 64 bits, in Triton's words for the two overflows.
     * Frontends call it before they size anything from a shape; {@link #validateData()} calls it too.
     *
     * @throws IllegalArgumentException naming the input and what is wrong with its shape
     */
    public static long checkedElementCount(String name, DataType dataType, long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("input '" + name + "': shape " + Shapes.format(shape)
                        + " has a negative dimension");
            }
        }
        for (long dim : shape) {
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("input '" + name + "': shape " + Shapes.format(shape)
                        + " causes total element count to exceed maximum size of " + Long.MAX_VALUE);
            }
        }
        if (dataType.isFixedSize() && count > Long.MAX_VALUE / dataType.byteSize()) {
            throw new IllegalArgumentException("byte size overflow for input '" + name + "': shape "
                    + Shapes.format(shape) + " of " + dataType + " holds more than " + Long.MAX_VALUE + " bytes");
        }
        return count;
    }

    /** This tensor after {@link #validateData()}, marked checked so that nobody walks its data again. */
    public Tensor checked() {
        validateData();
        return dataChecked ? this : new Tensor(name, dataType, shape, data, true);
    }

    /**
     * Checks the shape ({@link #checkedElementCount}) and that the data length agrees with shape
     * and datatype: exact byte size for fixed-size types; for BYTES the element count, with every
     * length prefix inside the buffer, found in one pass over the data. Nothing to do for a tensor
     * whose data is {@link #dataChecked() checked} already.
     *
     * @throws IllegalArgumentException naming the tensor and what disagrees, in Triton's words
     */
    public void validateData() {
        validateDataFor("");
    }

    /** " for model 'm'", or nothing without a model: built only for an error, never per request. */
    private static String forModel(String modelName) {
        return modelName.isEmpty() ? "" : " for model '" + modelName + "'";
    }

    /** {@link #validateData()} for a request to a model: the message names the model too, as Triton's does. */
    public void validateDataFor(String modelName) {
        if (dataChecked) {
            return;
        }
        long expected = checkedElementCount(name, dataType, shape);
        if (dataType.isFixedSize()) {
            long bytes = expected * dataType.byteSize();
            if (bytes != data.remaining()) {
                throw new IllegalArgumentException("input byte size mismatch for input '" + name + "'"
                        + forModel(modelName)
                        + ". Expected " + bytes + ", got " + data.remaining());
            }
        } else {
            long actual;
            try {
                actual = BytesElements.count(data);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("input '" + name + "': " + e.getMessage());
            }
            if (expected != actual) {
                throw new IllegalArgumentException("expected " + expected + " string elements for inference input '"
                        + name + "'" + forModel(modelName) + ", got " + actual);
            }
        }
    }

    @Override
    public String toString() {
        return "Tensor[" + name + " " + dataType + " " + Shapes.format(shape) + ", " + data.remaining() + " bytes]";
    }
}

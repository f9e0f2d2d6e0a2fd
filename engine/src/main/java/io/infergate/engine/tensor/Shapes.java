package io.infergate.engine.tensor;

import java.util.Arrays;

/** Shape arithmetic with the overflow and sign checks that hostile shapes need. */
public final class Shapes {
    private Shapes() {
    }

    /** The element count of a shape; throws when a dim is negative or the product overflows 64 bits. */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " overflows 64 bits");
            }
        }
        return count;
    }

    /** The byte size of a fixed-size tensor of this shape; throws on overflow. */
    public static long byteSize(DataType type, long[] shape) {
        long count = elementCount(shape);
        try {
            return Math.multiplyExact(count, (long) type.byteSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + type + " overflows 64 bits");
        }
    }

    /** Whether {@code actual} matches a configured shape in which -1 matches any size. */
    public static boolean matches(long[] configured, long[] actual) {
        if (configured.length != actual.length) {
            return false;
        }
        for (int i = 0; i < configured.length; i++) {
            if (configured[i] != -1 && configured[i] != actual[i]) {
                return false;
            }
        }
        return true;
    }

    public static String format(long[] shape) {
        return Arrays.toString(shape);
    }
}

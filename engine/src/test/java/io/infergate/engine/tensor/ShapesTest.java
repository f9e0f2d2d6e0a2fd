package io.infergate.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapesTest {
    @Test
    void elementCountMultipliesDimensions() {
        assertEquals(48, Shapes.elementCount(new long[] {2, 3, 8}));
    }

    @Test
    void scalarShapeHasOneElement() {
        assertEquals(1, Shapes.elementCount(new long[0]));
    }

    @Test
    void negativeDimensionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Shapes.elementCount(new long[] {4, -2}));
    }

    @Test
    void elementCountOverflowIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Shapes.elementCount(new long[] {Long.MAX_VALUE / 2, 3}));
    }

    @Test
    void byteSizeOverflowIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Shapes.byteSize(DataType.FP64, new long[] {Long.MAX_VALUE / 4}));
    }

    @Test
    void wildcardDimensionMatchesAnySize() {
        assertTrue(Shapes.matches(new long[] {-1, 16}, new long[] {5, 16}));
        assertFalse(Shapes.matches(new long[] {-1, 16}, new long[] {5, 15}));
    }
}

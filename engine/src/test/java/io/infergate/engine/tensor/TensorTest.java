package io.infergate.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void fixedSizeDataMustMatchShapeTimesElementSize() {
        Tensor tensor = new Tensor("x", DataType.INT32, new long[] {2, 2}, ByteBuffer.allocate(12));
        assertThrows(IllegalArgumentException.class, tensor::validateData);
    }

    @Test
    void exactFixedSizeDataIsAccepted() {
        Tensor tensor = new Tensor("x", DataType.INT32, new long[] {2, 2}, ByteBuffer.allocate(16));
        assertDoesNotThrow(tensor::validateData);
    }

    @Test
    void bytesElementCountMustMatchShape() {
        Tensor tensor = new Tensor("x", DataType.BYTES, new long[] {3}, BytesElements.fromStrings("a", "b"));
        assertThrows(IllegalArgumentException.class, tensor::validateData);
    }

    @Test
    void dataCheckedAlreadyIsNotScannedAgain() {
        Tensor tensor = new Tensor("x", DataType.BYTES, new long[] {3}, BytesElements.fromStrings("a", "b"), true);
        assertDoesNotThrow(tensor::validateData);
    }

    @Test
    void aCheckedTensorStaysCheckedUnderANewNameOnly() {
        Tensor tensor = new Tensor("x", DataType.BYTES, new long[] {2}, BytesElements.fromStrings("a", "b"), true);
        assertTrue(tensor.withNameAndShape("y", new long[] {2}).dataChecked());
        assertFalse(tensor.withNameAndShape("x", new long[] {1, 2}).dataChecked());
    }

    @Test
    void checkedValidatesOnceAndMarksTheTensor() {
        Tensor tensor = new Tensor("x", DataType.BYTES, new long[] {2}, BytesElements.fromStrings("a", "b"));
        assertTrue(tensor.checked().dataChecked());
    }

    @Test
    void checkedRefusesDataThatDisagreesWithTheShape() {
        Tensor tensor = new Tensor("x", DataType.BYTES, new long[] {3}, BytesElements.fromStrings("a", "b"));
        assertThrows(IllegalArgumentException.class, tensor::checked);
    }
}

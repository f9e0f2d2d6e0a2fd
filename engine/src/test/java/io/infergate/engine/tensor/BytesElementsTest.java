package io.infergate.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class BytesElementsTest {
    @Test
    void stringsRoundTripThroughLengthPrefixes() {
        ByteBuffer data = BytesElements.fromStrings("a", "", "héllo");
        assertEquals(3, BytesElements.count(data));
        assertArrayEquals(new String[] {"a", "", "héllo"}, BytesElements.toStrings(data));
    }

    @Test
    void lengthPrefixRunningPastTheBufferIsRejected() {
        ByteBuffer data = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putInt(100).put((byte) 1).put((byte) 2)
                .flip();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BytesElements.count(data));
        assertEquals("BYTES element 0 declares 100 bytes but only 2 remain", e.getMessage());
    }

    @Test
    void strictDecodingRefusesBytesThatAreNotUtf8() {
        ByteBuffer data = BytesElements.serialize(java.util.List.of("ok".getBytes(), new byte[] {(byte) 0xff, 0x41}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BytesElements.toStrictStrings(data));
        assertEquals("BYTES element 1 is not valid UTF-8", e.getMessage());
    }

    @Test
    void truncatedLengthPrefixIsRejected() {
        ByteBuffer data = ByteBuffer.wrap(new byte[] {1, 0});
        assertThrows(IllegalArgumentException.class, () -> BytesElements.count(data));
    }

    @Test
    void hugeUnsignedLengthIsRejectedNotWrapped() {
        ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-1).putInt(0).flip();
        assertThrows(IllegalArgumentException.class, () -> BytesElements.count(data));
    }
}

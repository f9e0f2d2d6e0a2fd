package io.infergate.e2e;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.stream.IntStream;

/** gRPC raw input contents as tritonclient writes them. */
final class RawContents {
    private RawContents() {
    }

    /** INT32 values, little-endian. */
    static ByteString int32s(IntStream values) {
        int[] array = values.toArray();
        ByteBuffer bytes = ByteBuffer.allocate(array.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : array) {
            bytes.putInt(value);
        }
        return ByteString.copyFrom(bytes.flip());
    }
}

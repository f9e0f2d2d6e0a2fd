package io.infergate.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.infergate.testsupport.HostileInput;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the parsing of a BYTES tensor's data, length-prefixed elements as clients send them in a
 * binary body or raw contents: any bytes are counted or refused with IllegalArgumentException
 * (which the engine answers as INVALID_ARG), and what is counted agrees with what is split.
 * Seeds: {@code BytesLengthPrefixFuzzTestInputs/bytesLengthPrefixes/}.
 */
class BytesLengthPrefixFuzzTest {

    @FuzzTest
    @Timeout(10)
    void bytesLengthPrefixes(byte[] data) throws Exception {
        HostileInput.decode(data.length, IllegalArgumentException.class, () -> {
            long count = BytesElements.count(ByteBuffer.wrap(data));
            // what the engine checks a tensor with: the count its shape needs, every prefix inside the data
            new Tensor("IN", DataType.BYTES, new long[] {count}, ByteBuffer.wrap(data)).validateData();
            Tensor oneMore = new Tensor("IN", DataType.BYTES, new long[] {count + 1}, ByteBuffer.wrap(data));
            assertThrows(IllegalArgumentException.class, oneMore::validateData);
            assertEquals(count, BytesElements.split(ByteBuffer.wrap(data)).size());
            assertEquals(count, BytesElements.toStrings(ByteBuffer.wrap(data)).length);
            BytesElements.toStrictStrings(ByteBuffer.wrap(data));
        });
    }
}

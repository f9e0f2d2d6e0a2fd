package io.infergate.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class BinaryBodyTest {
    private static final Buffer BODY = Buffer.buffer("{\"a\":1}XYZ");

    @Test
    void withoutTheHeaderTheWholeBodyIsJson() {
        BinaryBody body = BinaryBody.split(null, BODY);
        assertEquals(BODY.length(), body.json().length());
        assertEquals(0, body.tail().length());
        assertFalse(body.raw());
    }

    @Test
    void theHeaderSplitsJsonFromTensors() {
        BinaryBody body = BinaryBody.split("7", BODY);
        assertEquals("{\"a\":1}", body.json().toString());
        assertEquals("XYZ", body.tail().toString());
    }

    @Test
    void zeroMeansARawBody() {
        BinaryBody body = BinaryBody.split("0", BODY);
        assertTrue(body.raw());
        assertEquals(BODY.length(), body.tail().length());
    }

    @Test
    void negativeHeaderIsRefused() {
        assertThrows(InferenceException.class, () -> BinaryBody.split("-1", BODY));
    }

    @Test
    void nonNumericHeaderIsRefused() {
        assertThrows(InferenceException.class, () -> BinaryBody.split("ten", BODY));
    }

    @Test
    void headerBeyondIntRangeIsRefused() {
        assertThrows(InferenceException.class, () -> BinaryBody.split("2147483648", BODY));
    }

    @Test
    void hugeHeaderIsRefused() {
        assertThrows(InferenceException.class, () -> BinaryBody.split("99999999999999999999999", BODY));
    }

    @Test
    void headerBeyondTheBodyIsRefused() {
        String message = assertThrows(InferenceException.class, () -> BinaryBody.split("11", BODY)).getMessage();
        assertTrue(message.contains("larger than the request body"), message);
    }
}

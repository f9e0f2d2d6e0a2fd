package io.infergate.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class DecompressionTest {

    static Buffer gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return Buffer.buffer(out.toByteArray());
    }

    private static Buffer deflate(byte[] data, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            d.write(data);
        }
        return Buffer.buffer(out.toByteArray());
    }

    @Test
    void gzipBodyIsInflated() throws IOException {
        assertEquals("hello", Decompression.decode("gzip", gzip("hello".getBytes()), 1000).toString());
    }

    @Test
    void zlibDeflateBodyIsInflated() throws IOException {
        assertEquals("hello", Decompression.decode("deflate", deflate("hello".getBytes(), false), 1000).toString());
    }

    @Test
    void rawDeflateBodyIsInflated() throws IOException {
        assertEquals("hello", Decompression.decode("deflate", deflate("hello".getBytes(), true), 1000).toString());
    }

    @Test
    void gzipBombStopsAtTheLimit() throws IOException {
        Buffer bomb = gzip(new byte[10 * 1024 * 1024]);
        String message = assertThrows(InferenceException.class,
                () -> Decompression.decode("gzip", bomb, 1024 * 1024)).getMessage();
        assertTrue(message.contains("exceeds the maximum"), message);
    }

    @Test
    void corruptGzipIsRefused() {
        assertThrows(InferenceException.class, () -> Decompression.decode("gzip", Buffer.buffer("not gzip"), 1000));
    }

    @Test
    void unknownEncodingIsRefused() {
        assertThrows(InferenceException.class, () -> Decompression.decode("br", Buffer.buffer("x"), 1000));
    }

    @Test
    void identityLeavesTheBodyAlone() {
        Buffer body = Buffer.buffer("x");
        assertEquals(body, Decompression.decode("identity", body, 1000));
    }

    @Test
    void gzipIsPreferred() {
        assertEquals("gzip", Decompression.negotiate("deflate, gzip"));
    }

    @Test
    void deflateWhenOnlyDeflateIsAccepted() {
        assertEquals("deflate", Decompression.negotiate("deflate;q=0.5, br"));
    }

    @Test
    void qZeroRefusesAnEncoding() {
        assertNull(Decompression.negotiate("gzip;q=0"));
    }

    @Test
    void compressedResponseInflatesBack() {
        Buffer compressed = Decompression.compress("gzip", Buffer.buffer("payload".repeat(100)));
        assertEquals("payload".repeat(100), Decompression.decode("gzip", compressed, 10_000).toString());
    }
}

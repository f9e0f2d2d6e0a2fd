package io.infergate.gateway.http;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.gateway.netty.NettyBuffers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Content-Encoding both ways. Request bodies are inflated into a buffer whose capacity is capped
 * at the size limit, so a gzip bomb stops at the limit without allocating more. Responses are
 * compressed when Accept-Encoding asks for gzip or deflate, as Triton does.
 */
final class Decompression {
    private static final int STEP = 64 * 1024;

    private Decompression() {
    }

    /** Decodes a body by its Content-Encoding header (null or identity: unchanged). */
    static Buffer decode(String contentEncoding, Buffer body, long limit) {
        if (contentEncoding == null) {
            return body;
        }
        String encoding = contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> body;
            case "gzip", "x-gzip" -> inflate(body, limit, true);
            case "deflate" -> inflate(body, limit, false);
            default -> throw invalid("unsupported Content-Encoding '" + contentEncoding
                    + "': only gzip and deflate are accepted");
        };
    }

    private static Buffer inflate(Buffer body, long limit, boolean gzip) {
        ByteBuf in = NettyBuffers.byteBuf(body);
        int cap = (int) Math.min(limit, Integer.MAX_VALUE - 8);
        ByteBuf out = Unpooled.buffer((int) Math.min(cap, Math.max(STEP, (long) in.readableBytes() * 4)), cap);
        Inflater inflater = null;
        try (InputStream stream = gzip
                ? new GZIPInputStream(new ByteBufInputStream(in), STEP)
                : new InflaterInputStream(new ByteBufInputStream(in), inflater = new Inflater(!isZlib(in)), STEP)) {
            byte[] step = new byte[STEP];
            int n;
            while ((n = stream.read(step)) > 0) {
                if ((long) out.readableBytes() + n > limit) {
                    throw BodyLimit.tooLarge((long) out.readableBytes() + n, limit);
                }
                out.writeBytes(step, 0, n);
            }
        } catch (IOException e) {
            throw invalid("failed to decompress the " + (gzip ? "gzip" : "deflate") + " request body: " + e.getMessage());
        } finally {
            if (inflater != null) {
                inflater.end();
            }
        }
        return NettyBuffers.buffer(out);
    }

    // HTTP's "deflate" is zlib-wrapped, but some clients send raw deflate: the zlib header tells.
    private static boolean isZlib(ByteBuf in) {
        if (in.readableBytes() < 2) {
            return true;
        }
        int cmf = in.getUnsignedByte(in.readerIndex());
        int flg = in.getUnsignedByte(in.readerIndex() + 1);
        return (cmf & 0x0F) == 8 && (cmf * 256 + flg) % 31 == 0;
    }

    /** The response encoding to use for an Accept-Encoding header: "gzip", "deflate" or null. */
    static String negotiate(String acceptEncoding) {
        if (acceptEncoding == null) {
            return null;
        }
        boolean deflate = false;
        for (String part : acceptEncoding.split(",")) {
            String[] pieces = part.trim().split(";");
            String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
            if (refused(pieces)) {
                continue;
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                return "gzip";
            }
            deflate |= coding.equals("deflate");
        }
        return deflate ? "deflate" : null;
    }

    // "gzip;q=0" means "not gzip".
    private static boolean refused(String[] pieces) {
        for (int i = 1; i < pieces.length; i++) {
            String p = pieces[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2)) <= 0;
                } catch (NumberFormatException e) {
                    return true;
                }
            }
        }
        return false;
    }

    static Buffer compress(String encoding, Buffer body) {
        ByteBuf in = NettyBuffers.byteBuf(body);
        ByteBuf out = Unpooled.buffer(Math.max(256, in.readableBytes() / 2));
        try (OutputStream stream = encoding.equals("gzip")
                ? new GZIPOutputStream(new ByteBufOutputStream(out), STEP)
                : new DeflaterOutputStream(new ByteBufOutputStream(out), true)) {
            in.readBytes(stream, in.readableBytes());
        } catch (IOException e) {
            throw new IllegalStateException("compressing in memory cannot fail", e);
        }
        return NettyBuffers.buffer(out);
    }
}

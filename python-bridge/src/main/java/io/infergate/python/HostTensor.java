package io.infergate.python;

import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.HostAccess;

/**
 * A tensor as Python code sees it from the host: name, datatype, shape and its bytes. The bytes
 * cross as one Latin-1 string (one byte per char, so Java copies them in bulk and Python's
 * {@code encode("latin-1")} turns them back into {@code bytes} in one call): GraalPy cannot read a
 * host buffer as a bytes-like object, and byte-by-byte interop calls would be far slower.
 */
public final class HostTensor {
    private final Tensor tensor;

    HostTensor(Tensor tensor) {
        this.tensor = tensor;
    }

    @HostAccess.Export
    public String name() {
        return tensor.name();
    }

    @HostAccess.Export
    public String datatype() {
        return tensor.dataType().name();
    }

    @HostAccess.Export
    public long[] shape() {
        return tensor.shape();
    }

    @HostAccess.Export
    public String latin1() {
        ByteBuffer data = tensor.bytes();
        if (data.hasArray()) {
            return new String(data.array(), data.arrayOffset() + data.position(), data.remaining(),
                    StandardCharsets.ISO_8859_1);
        }
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        return new String(copy, StandardCharsets.ISO_8859_1);
    }
}

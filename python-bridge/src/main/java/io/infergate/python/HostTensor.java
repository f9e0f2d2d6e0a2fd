package io.infergate.python;

import io.infergate.engine.tensor.Tensor;
import org.graalvm.polyglot.HostAccess;

/**
 * A tensor as Python code sees it from the host: name, datatype, shape and its bytes. GraalPy
 * cannot read a host buffer as a bytes-like object, so the bytes cross as one bulk copy: Python
 * makes a {@code bytes} object of the right size and hands over the Java array behind it
 * ({@code polyglot.storage}), which {@link #copyTo} fills with one array copy before any Python
 * code sees the object. Element-wise interop would cost milliseconds per megabyte.
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
    public int byteSize() {
        return tensor.byteSize();
    }

    /**
     * Copies the tensor's bytes into the storage of a new Python bytes object.
     *
     * @param storage what {@code polyglot.storage(bytes(byteSize()))} returned: its Java byte array
     */
    @HostAccess.Export
    public void copyTo(Object storage) {
        if (!(storage instanceof byte[] target) || target.length < byteSize()) {
            throw new IllegalArgumentException("copyTo needs the byte[] storage of a bytes object of " + byteSize()
                    + " bytes, got " + (storage == null ? "null" : storage.getClass().getSimpleName()));
        }
        tensor.bytes().get(target, 0, byteSize());
    }
}

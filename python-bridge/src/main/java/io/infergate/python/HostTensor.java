package io.infergate.python;

import io.infergate.engine.tensor.Tensor;
import org.graalvm.polyglot.HostAccess;

/**
 * A tensor as Python code sees it from the host: a header (name, datatype, shape) and its bytes.
 * GraalPy cannot read a host buffer as a bytes-like object, so the bytes cross as one bulk copy: Python
 * makes a {@code bytes} object of the right size and hands over the Java array behind it
 * ({@code polyglot.storage}), which {@link #copyTo} fills with one array copy before any Python
 * code sees the object. Element-wise interop would cost milliseconds per megabyte.
 */
public final class HostTensor {
    private final Tensor tensor;

    HostTensor(Tensor tensor) {
        this.tensor = tensor;
    }

    /**
     * Name, datatype, byte size and shape in one string, {@code <len(name)>:<name><datatype>
     * <byte size> <dims...>}: one crossing instead of one per field (and per dimension).
     */
    @HostAccess.Export
    public String header() {
        StringBuilder header = new StringBuilder(32).append(tensor.name().length()).append(':')
                .append(tensor.name()).append(tensor.dataType().name()).append(' ').append(tensor.byteSize());
        for (long dim : tensor.shape()) {
            header.append(' ').append(dim);
        }
        return header.toString();
    }

    /**
     * Copies the tensor's bytes into the storage of a new Python bytes object.
     *
     * @param storage what {@code polyglot.storage(bytes(byteSize()))} returned: its Java byte array
     */
    @HostAccess.Export
    public void copyTo(Object storage) {
        if (!(storage instanceof byte[] target) || target.length < tensor.byteSize()) {
            throw new IllegalArgumentException("copyTo needs the byte[] storage of a bytes object of " + tensor.byteSize()
                    + " bytes, got " + (storage == null ? "null" : storage.getClass().getSimpleName()));
        }
        tensor.bytes().get(target, 0, tensor.byteSize());
    }
}

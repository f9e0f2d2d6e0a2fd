package io.infergate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * A real POSIX shared-memory object for a test, as a client creates one ({@code shm_open} puts it
 * in {@code /dev/shm}): written and read here through a file channel, never through a mapping of
 * this side's own. {@link #close()} deletes it.
 */
public final class ShmObject implements AutoCloseable {
    private static final Path DIRECTORY = Path.of("/dev/shm");
    private final String name;
    private final Path path;
    private final FileChannel file;

    private ShmObject(String name, long size) {
        this.name = name;
        this.path = DIRECTORY.resolve(name);
        try {
            this.file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            resize(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new object of {@code size} zero bytes under a fresh name starting with {@code prefix}. */
    public static ShmObject create(String prefix, long size) {
        return new ShmObject(prefix + "-" + UUID.randomUUID(), size);
    }

    /** The key a client registers: the name with a leading '/', as tritonclient passes it. */
    public String key() {
        return "/" + name;
    }

    public String name() {
        return name;
    }

    public Path path() {
        return path;
    }

    /** Writes bytes at an offset. */
    public ShmObject write(long offset, ByteBuffer bytes) {
        try {
            ByteBuffer view = bytes.duplicate();
            long at = offset;
            while (view.hasRemaining()) {
                at += file.write(view, at);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes little-endian floats at an offset. */
    public ShmObject writeFloats(long offset, float... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            bytes.putFloat(value);
        }
        return write(offset, bytes.flip());
    }

    /** Writes little-endian ints at an offset. */
    public ShmObject writeInts(long offset, int... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            bytes.putInt(value);
        }
        return write(offset, bytes.flip());
    }

    /** {@code length} bytes from an offset, little-endian. */
    public ByteBuffer read(long offset, int length) {
        try {
            ByteBuffer bytes = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            while (bytes.hasRemaining()) {
                if (file.read(bytes, offset + bytes.position()) < 0) {
                    break;
                }
            }
            return bytes.flip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Little-endian ints from an offset. */
    public int[] readInts(long offset, int count) {
        ByteBuffer bytes = read(offset, count * Integer.BYTES);
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = bytes.getInt();
        }
        return values;
    }

    /** Little-endian floats from an offset. */
    public float[] readFloats(long offset, int count) {
        ByteBuffer bytes = read(offset, count * Float.BYTES);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = bytes.getFloat();
        }
        return values;
    }

    /** Shrinks (what a careless or hostile client may do after registering) or grows the object. */
    public ShmObject resize(long size) {
        try {
            if (size < file.size()) {
                file.truncate(size);
            } else if (size > file.size()) {
                file.write(ByteBuffer.allocate(1), size - 1);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the name, as shm_unlink does; whoever has it open or mapped keeps it. */
    public void unlink() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            file.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

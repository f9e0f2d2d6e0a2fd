package io.infergate.python.cpython;

import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The shared-memory file of one stub, in {@code /dev/shm}: created with a random 128-bit name and
 * mode 0600, opened by the stub from the name in its init message, then unlinked as soon as the
 * stub has started (or failed to), so no name outlives the start and nothing is left behind, even
 * after a crash. Both sides keep their descriptors: this side writes a request's inputs, the stub
 * maps the file (np.frombuffer reads them in place) and writes the outputs after them.
 *
 * <p>This side reads and writes with positional file I/O rather than through a mapping: each is
 * the one copy the engine needs anyway (inputs come from engine buffers, outputs must outlive the
 * next request), and a stub that truncates the file then causes a short read, not a SIGBUS in
 * this JVM.
 */
final class SharedRegion implements AutoCloseable {
    private static final Path SHM = Path.of("/dev/shm");
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int ALIGN = 64;

    private final Path path;
    private final FileChannel file;

    private SharedRegion(Path path, FileChannel file) {
        this.path = path;
        this.file = file;
    }

    static SharedRegion create() throws IOException {
        if (!Files.isDirectory(SHM)) {
            throw new IOException("the CPython runtime needs shared memory in " + SHM + " (Linux)");
        }
        byte[] name = new byte[16];
        RANDOM.nextBytes(name);
        Path path = SHM.resolve("infergate-cpython-" + HexFormat.of().formatHex(name));
        FileChannel file = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return new SharedRegion(path, file);
    }

    /** The file's name, for the stub's init message only: never in errors or logs. */
    String pathForStub() {
        return path.toString();
    }

    /** Removes the name; the file lives on while a descriptor or mapping holds it. */
    void unlink() throws IOException {
        Files.deleteIfExists(path);
    }

    /**
     * Writes the inputs one after another (each at a multiple of {@link #ALIGN}).
     *
     * @return what the stub's execute message says of each: name, datatype, shape, offset, size
     */
    JsonArray writeInputs(List<Tensor> inputs) throws IOException {
        JsonArray described = new JsonArray();
        long offset = 0;
        for (Tensor tensor : inputs) {
            ByteBuffer bytes = tensor.bytes();
            described.add(new JsonObject().put("name", tensor.name()).put("datatype", tensor.dataType().name())
                    .put("shape", new JsonArray(java.util.Arrays.stream(tensor.shape()).boxed().toList()))
                    .put("offset", offset).put("size", bytes.remaining()));
            long at = offset;
            while (bytes.hasRemaining()) {
                at += file.write(bytes, at);
            }
            offset = aligned(at);
        }
        return described;
    }

    /**
     * Reads the tensors a stub describes (its outputs, or a BLS request's inputs), checking every
     * field first: a known datatype, a shape whose byte size matches, an offset and size inside
     * the file as it is now.
     *
     * @throws ProtocolViolation for a description that is wrong in any of these, or a file that shrank under the read
     */
    List<Tensor> readTensors(List<StubMessage> described) throws IOException, ProtocolViolation {
        long fileSize = file.size();
        List<Tensor> outputs = new ArrayList<>(described.size());
        for (StubMessage output : described) {
            String name = output.text("name");
            DataType type = dataType(output.text("datatype"));
            long[] shape = output.dims("shape");
            long offset = output.whole("offset", fileSize);
            long size = output.whole("size", Math.min(fileSize - offset, Integer.MAX_VALUE - 64));
            ByteBuffer data = ByteBuffer.allocate((int) size);
            while (data.hasRemaining()) {
                if (file.read(data, offset + data.position()) <= 0) {
                    throw new ProtocolViolation("tensor '" + name + "': the shared region shrank under the read");
                }
            }
            try {
                // Checked: a BLS request made of these tensors is not scanned again by RequestPreparer.
                outputs.add(new Tensor(name, type, shape, data.flip()).checked());
            } catch (IllegalArgumentException e) {
                throw new ProtocolViolation("tensor " + e.getMessage().replaceFirst("^input ", ""));
            }
        }
        return outputs;
    }

    private static DataType dataType(String name) throws ProtocolViolation {
        try {
            return DataType.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolation("a tensor of unknown datatype '" + name + "'");
        }
    }

    private static long aligned(long offset) {
        return (offset + ALIGN - 1) / ALIGN * ALIGN;
    }

    @Override
    public void close() throws IOException {
        try {
            file.close();
        } finally {
            unlink();
        }
    }
}

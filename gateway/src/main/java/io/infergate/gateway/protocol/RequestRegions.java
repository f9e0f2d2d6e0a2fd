package io.infergate.gateway.protocol;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.SystemSharedMemory;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.SharedMemoryLease;
import io.infergate.engine.api.SharedMemoryRegions;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared memory of one inference request, for both frontends: inputs read from their regions
 * while the request is decoded, outputs written into theirs when the answer comes. The regions of
 * the outputs are held from decoding until {@link #close()}, so that a region unregistered
 * meanwhile stays mapped until this request is done with it. Used on one thread at a time.
 */
public final class RequestRegions implements AutoCloseable {
    private final SharedMemoryRegions regions;
    // made on the first output in a region: most requests name none
    private Map<String, Target> outputs = Map.of();
    private List<SharedMemoryLease> held = List.of();

    private record Target(RegionRef ref, SharedMemoryLease lease) {
    }

    public RequestRegions(SharedMemoryRegions regions) {
        this.regions = regions;
    }

    /** For a frontend without shared memory: a request naming a region is told how to turn it on. */
    public static RequestRegions none() {
        return new RequestRegions(SystemSharedMemory.create(false));
    }

    /**
     * An input's data, copied from its region. A fixed-size datatype's shape must need exactly the
     * bytes the request names (checked before anything is read); BYTES data is checked by the engine.
     */
    public ByteBuffer input(String model, String name, DataType type, long[] shape, RegionRef ref) {
        if (type.isFixedSize()) {
            long expected = InputTensors.elementCount(name, type, shape) * type.byteSize();
            if (expected != ref.byteSize()) {
                throw invalid("input byte size mismatch for input '" + name + "' for model '" + model + "'. Expected "
                        + expected + ", got " + ref.byteSize() + " (" + RegionRef.BYTE_SIZE + ")");
            }
        }
        try (SharedMemoryLease lease = regions.acquire(ref.region())) {
            return lease.read("input '" + name + "'", ref.offset(), ref.byteSize());
        }
    }

    /** Sets a requested output to be written into a region, which must exist and hold the space named. */
    public void output(String name, RegionRef ref) {
        if (held.isEmpty()) {
            outputs = new LinkedHashMap<>();
            held = new ArrayList<>();
        }
        SharedMemoryLease lease = regions.acquire(ref.region());
        held.add(lease);
        lease.checkWithin("output '" + name + "'", ref.offset(), ref.byteSize());
        outputs.put(name, new Target(ref, lease));
    }

    /** Whether any output goes to shared memory. */
    public boolean hasOutputs() {
        return !outputs.isEmpty();
    }

    /**
     * Writes every output of the response that was asked for in shared memory into its region.
     *
     * @return for each output written, the parameters its response entry carries instead of data
     */
    public Map<String, Map<String, Object>> writeOutputs(InferenceResponse response) {
        if (outputs.isEmpty()) {
            return Map.of();
        }
        Map<String, Map<String, Object>> written = new LinkedHashMap<>();
        for (Tensor output : response.outputs()) {
            Target target = outputs.get(output.name());
            if (target != null) {
                RegionRef ref = target.ref();
                target.lease().write("output '" + output.name() + "' of model '" + response.modelName() + "'",
                        ref.offset(), ref.byteSize(), output.bytes());
                written.put(output.name(), ref.reported(output.byteSize()));
            }
        }
        return written;
    }

    /** Lets the outputs' regions go. */
    @Override
    public void close() {
        held.forEach(SharedMemoryLease::close);
        held = List.of();
        outputs = Map.of();
    }
}

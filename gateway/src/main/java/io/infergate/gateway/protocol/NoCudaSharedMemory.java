package io.infergate.gateway.protocol;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;

/**
 * Triton's CUDA shared-memory API on a server that has none: no such region can exist, so
 * registering is refused, status lists nothing (or NOT_FOUND for a name) and unregistering has
 * nothing to do, as on Triton with no region registered. Clients that clean up both kinds of
 * region first (Triton's shared-memory examples) go on. The extension is not listed.
 */
public final class NoCudaSharedMemory {
    private NoCudaSharedMemory() {
    }

    /** What registering a CUDA region answers. */
    public static InferenceException registerRefused() {
        return new InferenceException(Status.UNSUPPORTED, "CUDA shared memory is not supported by this server;"
                + " use system shared memory (--allow-client-shm=true)");
    }

    /** What the status of a named CUDA region answers (Triton's text). */
    public static InferenceException unknownRegion(String name) {
        return new InferenceException(Status.NOT_FOUND, "Unable to find cuda shared memory region: '" + name + "'");
    }
}

package io.infergate.gateway.grpc;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.api.SharedMemoryRegionStatus;
import io.infergate.engine.api.SharedMemoryRegions;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryRegisterRequest;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryRegisterResponse;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryStatusRequest;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryStatusResponse;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryStatusResponse.RegionStatus;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryUnregisterRequest;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryUnregisterResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Triton's system shared-memory RPCs over the engine's registry. Registering and unregistering
 * map and unmap files, so they run on a worker thread.
 */
final class SharedMemoryRpcs {
    private final Vertx vertx;
    private final SharedMemoryRegions regions;

    SharedMemoryRpcs(Vertx vertx, SharedMemoryRegions regions) {
        this.vertx = vertx;
        this.regions = regions;
    }

    SystemSharedMemoryStatusResponse status(SystemSharedMemoryStatusRequest request) {
        SystemSharedMemoryStatusResponse.Builder response = SystemSharedMemoryStatusResponse.newBuilder();
        for (SharedMemoryRegionStatus region : regions.status(request.getName())) {
            response.putRegions(region.name(), RegionStatus.newBuilder().setName(region.name()).setKey(region.key())
                    .setOffset(region.offset()).setByteSize(region.byteSize()).build());
        }
        return response.build();
    }

    Future<SystemSharedMemoryRegisterResponse> register(SystemSharedMemoryRegisterRequest request) {
        String owner = "failed to register shared memory region '" + request.getName() + "'";
        long offset = signed(owner, "offset", request.getOffset());
        long byteSize = signed(owner, "byte_size", request.getByteSize());
        return vertx.executeBlocking(() -> {
            regions.register(request.getName(), request.getKey(), offset, byteSize);
            return SystemSharedMemoryRegisterResponse.getDefaultInstance();
        }, false);
    }

    /** An empty name unregisters every region. */
    Future<SystemSharedMemoryUnregisterResponse> unregister(SystemSharedMemoryUnregisterRequest request) {
        return vertx.executeBlocking(() -> {
            if (request.getName().isEmpty()) {
                regions.unregisterAll();
            } else {
                regions.unregister(request.getName());
            }
            return SystemSharedMemoryUnregisterResponse.getDefaultInstance();
        }, false);
    }

    /** A uint64 field as a long: one at 2^63 or above reads negative in Java and is refused as too large. */
    private static long signed(String owner, String field, long unsigned) {
        if (unsigned < 0) {
            throw invalid(owner + ": " + field + " " + Long.toUnsignedString(unsigned) + " is beyond 2^63-1");
        }
        return unsigned;
    }
}

package io.infergate.gateway.grpc;

import io.infergate.gateway.kserve.proto.CudaSharedMemoryRegisterRequest;
import io.infergate.gateway.kserve.proto.CudaSharedMemoryRegisterResponse;
import io.infergate.gateway.kserve.proto.CudaSharedMemoryStatusRequest;
import io.infergate.gateway.kserve.proto.CudaSharedMemoryStatusResponse;
import io.infergate.gateway.kserve.proto.CudaSharedMemoryUnregisterRequest;
import io.infergate.gateway.kserve.proto.CudaSharedMemoryUnregisterResponse;
import io.infergate.gateway.protocol.NoCudaSharedMemory;

/** The CUDA shared-memory RPCs of a server without CUDA shared memory ({@link NoCudaSharedMemory}). */
final class CudaSharedMemoryRpcs {
    private CudaSharedMemoryRpcs() {
    }

    static CudaSharedMemoryStatusResponse status(CudaSharedMemoryStatusRequest request) {
        if (!request.getName().isEmpty()) {
            throw NoCudaSharedMemory.unknownRegion(request.getName());
        }
        return CudaSharedMemoryStatusResponse.getDefaultInstance();
    }

    static CudaSharedMemoryRegisterResponse register(CudaSharedMemoryRegisterRequest request) {
        throw NoCudaSharedMemory.registerRefused();
    }

    static CudaSharedMemoryUnregisterResponse unregister(CudaSharedMemoryUnregisterRequest request) {
        return CudaSharedMemoryUnregisterResponse.getDefaultInstance();
    }
}

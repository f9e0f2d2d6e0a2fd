package io.infergate.engine.shm;

import io.infergate.engine.api.SharedMemoryLease;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/** A request's hold on one region: the region stays mapped until every lease on it is closed. */
final class RegionLease implements SharedMemoryLease {
    private final MappedRegion region;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Takes over a hold the registry has already counted. */
    RegionLease(MappedRegion region) {
        this.region = region;
    }

    @Override
    public String region() {
        return region.status().name();
    }

    @Override
    public long byteSize() {
        return region.status().byteSize();
    }

    @Override
    public void checkWithin(String owner, long offset, long byteSize) {
        region.checkWithin(owner, offset, byteSize);
    }

    @Override
    public ByteBuffer read(String owner, long offset, long byteSize) {
        requireOpen();
        try {
            return region.read(owner, offset, byteSize);
        } catch (InternalError e) {
            // a copy's fault delivered after the copy returned (MappedRegion.shrankDuringCopy)
            throw MappedRegion.shrankDuringCopy(region.who(owner), e);
        }
    }

    @Override
    public void write(String owner, long offset, long capacity, ByteBuffer data) {
        requireOpen();
        try {
            region.write(owner, offset, capacity, data);
        } catch (InternalError e) {
            throw MappedRegion.shrankDuringCopy(region.who(owner), e);
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the lease on shared memory region '" + region() + "' is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            region.release();
        }
    }
}

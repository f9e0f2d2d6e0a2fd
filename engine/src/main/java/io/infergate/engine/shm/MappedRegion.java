package io.infergate.engine.shm;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.SharedMemoryRegionStatus;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * One registered region: its object kept open (to read the object's size before every access)
 * and the region mapped once, read-write, into an arena of its own so that it is unmapped the
 * moment its last holder lets go. Holders are the registry (until the region is unregistered)
 * and each request's lease.
 */
final class MappedRegion {
    private final SharedMemoryRegionStatus status;
    private final FileChannel object;
    private final Arena arena;
    private final MemorySegment memory;
    private int holders = 1;

    private MappedRegion(SharedMemoryRegionStatus status, FileChannel object, Arena arena, MemorySegment memory) {
        this.status = status;
        this.object = object;
        this.arena = arena;
        this.memory = memory;
    }

    /** Opens the key's object and maps {@code [offset, offset + byteSize)} of it, held by the caller. */
    static MappedRegion map(String name, String key, long offset, long byteSize) {
        String owner = "failed to register shared memory region '" + name + "'";
        if (byteSize == 0) {
            throw invalid(owner + ": byte_size must be positive");
        }
        Path file = ObjectKeys.resolve(key);
        FileChannel object = open(owner, key, file);
        Arena arena = Arena.ofShared();
        try {
            Bounds.end(owner, offset, byteSize, object.size(), "shared-memory object " + ObjectKeys.shown(key));
            MemorySegment memory = object.map(FileChannel.MapMode.READ_WRITE, offset, byteSize, arena);
            return new MappedRegion(new SharedMemoryRegionStatus(name, key, offset, byteSize), object, arena, memory);
        } catch (IOException | RuntimeException e) {
            arena.close();
            closeQuietly(object);
            throw e instanceof InferenceException known ? known
                    : invalid(owner + ": cannot map shared-memory object " + ObjectKeys.shown(key) + ": " + e.getMessage());
        }
    }

    private static FileChannel open(String owner, String key, Path file) {
        try {
            // no link followed: a link in /dev/shm must not lead the server to another file
            if (!Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
                throw invalid(owner + ": " + ObjectKeys.shown(key) + " is not a shared-memory object (a regular file in "
                        + ObjectKeys.DIRECTORY + ")");
            }
            return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw invalid("Unable to open shared memory region: " + ObjectKeys.shown(key) + ": no such object in "
                    + ObjectKeys.DIRECTORY);
        } catch (AccessDeniedException e) {
            throw invalid("Unable to open shared memory region: " + ObjectKeys.shown(key) + ": permission denied");
        } catch (IOException e) {
            throw invalid("Unable to open shared memory region: " + ObjectKeys.shown(key) + ": " + e.getMessage());
        }
    }

    SharedMemoryRegionStatus status() {
        return status;
    }

    /** One more holder; the registry calls it only while it still holds the region itself. */
    synchronized void hold() {
        holders++;
    }

    /** One holder fewer; the last one unmaps the region and closes its object. */
    void release() {
        boolean last;
        synchronized (this) {
            last = --holders == 0;
        }
        if (last) {
            arena.close();
            closeQuietly(object);
        }
    }

    /** INVALID_ARG naming {@code owner} unless {@code [offset, offset + byteSize)} lies within the region. */
    void checkWithin(String owner, long offset, long byteSize) {
        Bounds.end(who(owner), offset, byteSize, status.byteSize(), "the region");
    }

    String who(String owner) {
        return owner + " (shared memory region '" + status.name() + "')";
    }

    /**
     * A copy of {@code [offset, offset + byteSize)} of the region in a little-endian heap buffer:
     * a fresh direct buffer per request costs more than the copy itself (zeroed, page-faulted in,
     * freed only by the GC), about twice the time of the whole request at 16 MiB (docs/benchmarks.md).
     */
    ByteBuffer read(String owner, long offset, long byteSize) {
        checkWithin(owner, offset, byteSize);
        String who = who(owner);
        if (byteSize > Integer.MAX_VALUE - 8) {
            throw invalid(who + ": " + byteSize + " bytes are more than one tensor can hold");
        }
        checkObjectCovers(who, offset + byteSize);
        ByteBuffer copy = ByteBuffer.allocate((int) byteSize).order(ByteOrder.LITTLE_ENDIAN);
        try {
            MemorySegment.copy(memory, offset, MemorySegment.ofBuffer(copy), 0, byteSize);
        } catch (InternalError e) {
            throw shrankDuringCopy(who, e);
        }
        return copy;
    }

    /** Copies {@code data} into {@code [offset, offset + capacity)} of the region. */
    void write(String owner, long offset, long capacity, ByteBuffer data) {
        checkWithin(owner, offset, capacity);
        String who = who(owner);
        long length = data.remaining();
        if (length > capacity) {
            throw invalid(who + ": the result needs " + length + " bytes but the request set aside "
                    + capacity + " (shared_memory_byte_size)");
        }
        checkObjectCovers(who, offset + length);
        try {
            MemorySegment.copy(MemorySegment.ofBuffer(data), 0, memory, offset, length);
        } catch (InternalError e) {
            throw shrankDuringCopy(who, e);
        }
    }

    /** The object may have shrunk since registration: a mapped page past its end would fault. */
    private void checkObjectCovers(String who, long regionEnd) {
        long size;
        try {
            size = object.size();
        } catch (IOException e) {
            throw invalid(who + ": cannot read the size of shared-memory object " + ObjectKeys.shown(status.key())
                    + ": " + e.getMessage());
        }
        long needed = status.offset() + regionEnd;
        if (size < needed) {
            throw invalid(who + ": shared-memory object " + ObjectKeys.shown(status.key()) + " shrank to " + size
                    + " bytes after it was registered; this access needs " + needed);
        }
    }

    /**
     * A client that shrinks the object between the size check and a copy makes the copy fault;
     * HotSpot turns that SIGBUS into an InternalError (never a crash, since the mapping is touched
     * only by these copies), which becomes INVALID_ARG. From compiled code HotSpot may deliver it
     * a little later, at the thread's next safepoint check, so {@link RegionLease} and the callers'
     * tests catch it too ({@link #isFault}).
     */
    static InferenceException shrankDuringCopy(String who, InternalError e) {
        if (!isFault(e)) {
            throw e;
        }
        return invalid(who + ": the shared-memory object shrank while it was being copied");
    }

    /** Whether this is HotSpot's report of a fault in a memory copy ("a fault occurred in a [recent] unsafe memory access"). */
    static boolean isFault(InternalError e) {
        return e.getMessage() != null && e.getMessage().contains("unsafe memory access");
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing held any more: the descriptor is gone either way
        }
    }
}

package io.infergate.python;

import java.lang.foreign.MemorySegment;

/** Native memory that numpy owns, seen from Java for one copy: an address and a length. */
final class NativeMemory {
    private NativeMemory() {
    }

    static MemorySegment at(long address, long length) {
        if (address == 0 || length < 0) {
            throw new IllegalArgumentException("no native memory at address " + address + " for " + length + " bytes");
        }
        return MemorySegment.ofAddress(address).reinterpret(length);
    }
}

package io.infergate.engine.shm;

import static io.infergate.engine.api.InferenceException.invalid;

/** Offsets and sizes a client gives, checked before anything is computed from them. */
final class Bounds {
    private Bounds() {
    }

    /**
     * The end of {@code [offset, offset + size)} when it lies within {@code limit} bytes;
     * INVALID_ARG starting with {@code owner} for a negative value, a sum beyond 64 bits, or an end
     * past the limit.
     *
     * @param limitName what holds the {@code limit} bytes, for the message
     */
    static long end(String owner, long offset, long size, long limit, String limitName) {
        if (offset < 0) {
            throw invalid(owner + ": offset " + offset + " is negative");
        }
        if (size < 0) {
            throw invalid(owner + ": byte size " + size + " is negative");
        }
        long end;
        try {
            end = Math.addExact(offset, size);
        } catch (ArithmeticException e) {
            throw invalid(owner + ": offset " + offset + " + byte size " + size + " overflows 64 bits");
        }
        if (end > limit) {
            throw invalid(owner + ": offset " + offset + " + byte size " + size + " = " + end + " is beyond the "
                    + limit + " bytes of " + limitName);
        }
        return end;
    }
}

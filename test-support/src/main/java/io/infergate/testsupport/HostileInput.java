package io.infergate.testsupport;

import java.lang.management.ManagementFactory;
import java.util.function.Predicate;

/**
 * What a fuzz test asserts of a decoder fed hostile bytes: it returns, or refuses the input with
 * its own error type and a message, and it allocates memory in proportion to the input. Anything
 * else reaches the fuzzer as a finding: another exception, an error of the right type but the
 * wrong kind (an internal error where the client's input is at fault), an allocation out of
 * proportion. Hangs are caught by the per-input timeout of the fuzz test ({@code @Timeout}).
 */
public final class HostileInput {
    /**
     * What a decoder may allocate per byte of input, all garbage included: parse trees of boxed
     * values, lists that grow by copying, the tensor bytes built from them. A decoder that sizes an
     * allocation from a number in the input instead of from the input passes this at once.
     */
    public static final long BYTES_PER_INPUT_BYTE = 256;
    /** And a fixed allowance: buffers of fixed size, tables built on first use. */
    public static final long FIXED_BYTES = 8L << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private HostileInput() {
    }

    /** A decoder's work on one input. */
    @FunctionalInterface
    public interface Decoding {
        void run() throws Exception;
    }

    /**
     * Runs {@code decoding} on an input of {@code inputBytes} bytes and fails unless it returned or
     * threw a {@code refusal} that {@code fair} accepts, having allocated no more than the
     * allowance. Any other throwable is rethrown as it is, for the fuzzer to report. A run over the
     * allowance is run once more before it fails: what a library builds on first use (protobuf's
     * descriptors, a JSON parser's tables) is built once, what the input costs comes every time.
     */
    public static <E extends Exception> void decode(long inputBytes, Class<E> refusal, Predicate<? super E> fair,
            Decoding decoding) throws Exception {
        long allowed = FIXED_BYTES + BYTES_PER_INPUT_BYTE * inputBytes;
        long allocated = allocatedBy(refusal, fair, decoding);
        if (allocated > allowed) {
            allocated = allocatedBy(refusal, fair, decoding);
        }
        if (allocated > allowed) {
            throw new AssertionError("decoding " + inputBytes + " bytes allocated " + allocated + " bytes, more than the "
                    + allowed + " allowed (" + BYTES_PER_INPUT_BYTE + " per input byte + " + FIXED_BYTES + ")");
        }
    }

    /** The bytes one run of {@code decoding} allocated on this thread, having checked how it ended. */
    private static <E extends Exception> long allocatedBy(Class<E> refusal, Predicate<? super E> fair,
            Decoding decoding) throws Exception {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            decoding.run();
        } catch (Exception e) {
            if (!refusal.isInstance(e)) {
                throw e;
            }
            if (!fair.test(refusal.cast(e))) {
                throw new AssertionError("the input was refused with the wrong kind of error: " + e, e);
            }
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("the input was refused without a message: " + e, e);
            }
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /** {@link #decode(long, Class, Predicate, Decoding)} where every {@code refusal} is fair. */
    public static <E extends Exception> void decode(long inputBytes, Class<E> refusal, Decoding decoding)
            throws Exception {
        decode(inputBytes, refusal, e -> true, decoding);
    }
}

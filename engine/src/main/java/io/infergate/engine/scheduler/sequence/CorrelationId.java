package io.infergate.engine.scheduler.sequence;

import static io.infergate.engine.api.InferenceException.invalid;

import java.math.BigInteger;

/**
 * A sequence's correlation id as the client sent it: an unsigned 64-bit integer or a string
 * (Triton accepts both; clients send UUIDs). Zero and the empty string mean "no sequence".
 *
 * @param number the id as an unsigned 64-bit value when numeric (compare with Long.compareUnsigned)
 * @param text   the id when it is a string, else null
 */
record CorrelationId(long number, String text) {
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    static final int MAX_STRING_LENGTH = 256;

    public boolean isString() {
        return text != null;
    }

    boolean isNone() {
        return isString() ? text.isEmpty() : number == 0;
    }

    /** The id from a request parameter value; INVALID_ARG for anything but a uint64 or a string. */
    static CorrelationId parse(Object value) {
        if (value == null) {
            return new CorrelationId(0, null);
        }
        if (value instanceof String s) {
            if (s.length() > MAX_STRING_LENGTH) {
                throw invalid("parameter 'sequence_id' is longer than " + MAX_STRING_LENGTH + " characters");
            }
            return new CorrelationId(0, s);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long number = ((Number) value).longValue();
            if (number >= 0) {
                return new CorrelationId(number, null);
            }
        } else if (value instanceof BigInteger big && big.signum() >= 0 && big.compareTo(UINT64_MAX) <= 0) {
            return new CorrelationId(big.longValue(), null);
        }
        throw invalid("parameter 'sequence_id' must be an unsigned 64-bit integer or a string, got '" + value + "'");
    }

    @Override
    public String toString() {
        return isString() ? "'" + text + "'" : Long.toUnsignedString(number);
    }
}

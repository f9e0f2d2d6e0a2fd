package io.infergate.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatusTest {

    @ParameterizedTest
    @EnumSource(Status.class)
    void everyStatusComesBackFromItsCode(Status status) {
        assertEquals(status, Status.fromCode(status.code()));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 8, 99, Integer.MAX_VALUE})
    void anUnknownCodeReadsAsInternal(int code) {
        assertEquals(Status.INTERNAL, Status.fromCode(code));
    }

    /** Nodes of earlier versions sent the declaration order: the codes keep those numbers. */
    @Test
    void codesKeepTheNumbersEarlierNodesSend() {
        assertEquals("INVALID_ARG=0 ALREADY_EXISTS=1 CANCELLED=2 UNKNOWN=3 NOT_FOUND=4 UNAVAILABLE=5 UNSUPPORTED=6 INTERNAL=7",
                String.join(" ", Arrays.stream(Status.values()).map(s -> s.name() + "=" + s.code()).toList()));
    }
}

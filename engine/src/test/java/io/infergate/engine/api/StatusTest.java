package io.infergate.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    /** Triton's HTTP frontend: INTERNAL 500, NOT_FOUND 404, UNAVAILABLE 503, UNSUPPORTED 501, every other 400. */
    @ParameterizedTest
    @CsvSource({"INVALID_ARG,400", "ALREADY_EXISTS,400", "CANCELLED,400", "UNKNOWN,400", "NOT_FOUND,404",
            "UNAVAILABLE,503", "UNSUPPORTED,501", "INTERNAL,500"})
    void eachStatusHasTritonsHttpCode(Status status, int http) {
        assertEquals(http, status.httpStatus());
    }
}

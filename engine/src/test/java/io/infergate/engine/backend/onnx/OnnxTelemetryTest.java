package io.infergate.engine.backend.onnx;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class OnnxTelemetryTest {
    @Test
    void onnxRuntimeStartsWithItsTelemetryTurnedOff() throws Throwable {
        assumeTrue(System.getenv(OnnxTelemetry.VARIABLE) == null, "the test's environment sets it already");
        OnnxEnvironment.get();
        assertEquals("1", nativeEnvironment(OnnxTelemetry.VARIABLE));
    }

    /** What the C library's getenv answers: System.getenv is a copy taken at startup. */
    private static String nativeEnvironment(String name) throws Throwable {
        Linker linker = Linker.nativeLinker();
        var getenv = linker.downcallHandle(linker.defaultLookup().find("getenv").orElseThrow(),
                FunctionDescriptor.of(ADDRESS, ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = (MemorySegment) getenv.invokeExact(arena.allocateFrom(name));
            return value.equals(MemorySegment.NULL) ? null : value.reinterpret(64).getString(0);
        }
    }
}

package io.infergate.engine.backend.onnx;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/**
 * ONNX Runtime 1.29 on Linux starts Microsoft's telemetry with its environment: it reads
 * /etc/machine-id, uploads events over HTTPS, and where that file is missing (most container
 * images) it crashes the JVM in native code (fclose of a null FILE*). A model server sends no
 * data of its own accord, so the telemetry is off unless the operator set
 * {@value #VARIABLE} themselves. ONNX Runtime reads the process's C environment, which Java
 * cannot change, so the variable is set with the C library's setenv before the runtime starts.
 */
final class OnnxTelemetry {
    static final String VARIABLE = "ORT_DISABLE_TELEMETRY";

    private OnnxTelemetry() {
    }

    /** Sets {@value #VARIABLE}=1 in the process environment, unless it is set already. */
    static void disableUnlessConfigured() {
        if (System.getenv(VARIABLE) != null) {
            return;
        }
        Linker linker = Linker.nativeLinker();
        MethodHandle setenv = linker.downcallHandle(linker.defaultLookup().find("setenv").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int failed = (int) setenv.invokeExact(arena.allocateFrom(VARIABLE), arena.allocateFrom("1"), 0);
            if (failed != 0) {
                throw new IllegalStateException("setenv " + VARIABLE + " failed");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.infergate.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unloading a Python model calls finalize() and frees its context: loading and unloading one 50
 * times leaves the heap (after full collections) where it was. Each instance holds 8 MiB in
 * Python, so leaked contexts would show as hundreds of MiB.
 */
class LoadUnloadMemoryTest {
    private static final int CYCLES = 50;
    private static final int WARM_UP_CYCLES = 3;
    private static final long BLOB_BYTES = 8L << 20;
    private static final long ALLOWED_GROWTH = 64L << 20;

    @TempDir
    Path repository;
    @TempDir
    Path finalizedLog;

    @Test
    void loadingAndUnloadingFiftyTimesKeepsTheHeapFlatAndCallsFinalizeEachTime() throws Exception {
        Path log = finalizedLog.resolve("finalized.txt");
        try (PythonEngine python = new PythonEngine(repository)) {
            python.model("holder", """
                    backend: "python"
                    input [ { name: "IN", data_type: TYPE_FP32, dims: [ 1 ] } ]
                    output [ { name: "OUT", data_type: TYPE_FP32, dims: [ 1 ] } ]
                    parameters { key: "SANDBOX_WRITE_PATHS", value { string_value: "%s" } }
                    """.formatted(finalizedLog), """
                    class TritonPythonModel:
                        def initialize(self, args):
                            self.blob = bytearray(%d)
                        def execute(self, requests):
                            return []
                        def finalize(self):
                            with open("%s", "a") as f:
                                f.write("finalized\\n")
                    """.formatted(BLOB_BYTES, log));
            for (int i = 0; i < WARM_UP_CYCLES; i++) {
                cycle(python);
            }
            long before = usedHeapAfterFullGc();
            for (int i = 0; i < CYCLES; i++) {
                cycle(python);
            }
            long growth = usedHeapAfterFullGc() - before;
            assertTrue(growth < ALLOWED_GROWTH, "heap grew by " + (growth >> 20) + " MiB over " + CYCLES + " cycles");
        }
        assertEquals(WARM_UP_CYCLES + CYCLES, Files.readAllLines(log).size());
    }

    private static void cycle(PythonEngine python) throws Exception {
        python.load("holder");
        PythonEngine.await(python.engine.unload("holder", false));
    }

    /** Used heap once full collections stop freeing memory. */
    private static long usedHeapAfterFullGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used - (1 << 20)) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }
}

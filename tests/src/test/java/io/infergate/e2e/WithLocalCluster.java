package io.infergate.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class that extends this gets one {@link LocalCluster} (a gateway and two workers, each
 * its own JVM) for all its tests, started before the first and stopped after the last. Test
 * classes run one after another, so the shared field never holds two clusters at once.
 */
abstract class WithLocalCluster {
    @TempDir
    static Path workDir;
    static LocalCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = LocalCluster.start(workDir);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}

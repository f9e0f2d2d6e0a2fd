package io.infergate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsOptionsTest {
    @Test
    void latencyFamiliesAreOffByDefault() {
        MetricsOptions options = ServerOptions.fromArgs("--model-repository=/tmp").metrics();
        assertFalse(options.histogramLatencies());
        assertFalse(options.summaryLatencies());
        assertEquals(2000, options.intervalMs());
    }

    @Test
    void tritonserverKeysTurnThemOn() {
        MetricsOptions options = ServerOptions.fromArgs("--model-repository=/tmp",
                "--metrics-config=summary_latencies=true", "--metrics-config=histogram_latencies=true",
                "--metrics-config=summary_quantiles=0.5:0.05,0.999:0.0001").metrics();
        assertTrue(options.summaryLatencies());
        assertTrue(options.histogramLatencies());
        assertEquals(List.of(0.5, 0.999), options.summaryQuantiles());
    }

    @Test
    void unknownKeyStopsStartUpNamingIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> MetricsOptions.parse(List.of("nope=1"), 0));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }

    @Test
    void quantileOutsideZeroToOneIsRefused() {
        assertThrows(ConfigException.class, () -> MetricsOptions.parse(List.of("summary_quantiles=1.5:0.1"), 0));
    }

    @Test
    void entryWithoutEqualsIsRefused() {
        assertThrows(ConfigException.class, () -> MetricsOptions.parse(List.of("summary_latencies"), 0));
    }
}

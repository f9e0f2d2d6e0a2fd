package io.infergate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.trace.TraceFields;
import io.infergate.gateway.trace.TraceLevel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** tritonserver's {@code --trace-config} forms, and --trace-dir. */
class TraceOptionsTest {

    private static TraceOptions options(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--model-repository=/m";
        System.arraycopy(args, 0, all, 1, args.length);
        return ServerOptions.fromArgs(all).trace();
    }

    private static String refusal(String... args) {
        return assertThrows(ConfigException.class, () -> options(args)).getMessage();
    }

    @Test
    void withoutFlagsTracingIsOffWithTritonsDefaults() {
        TraceOptions trace = options();
        assertEquals(TraceFields.DEFAULTS, trace.startup());
        assertEquals("triton", trace.mode());
        assertEquals(Optional.empty(), trace.allowedFolder());
    }

    @Test
    void everyTritonFormIsRead() {
        TraceOptions trace = options("--trace-config=level=TIMESTAMPS", "--trace-config=level=TENSORS",
                "--trace-config=rate=5", "--trace-config=count=10", "--trace-config=mode=triton",
                "--trace-config=triton,file=/traces/t.json", "--trace-config=triton,log-frequency=50");
        assertEquals(new TraceFields(Set.of(TraceLevel.TIMESTAMPS, TraceLevel.TENSORS), 5, 10, 50, "/traces/t.json"),
                trace.startup());
        assertEquals(Optional.of(Path.of("/traces")), trace.allowedFolder(), "the start-up file's folder");
    }

    @Test
    void fileAndLogFrequencyAreAlsoTakenWithoutTheModePrefix() {
        TraceFields startup = options("--trace-config=file=/t/x.json", "--trace-config=log_frequency=2").startup();
        assertEquals("/t/x.json", startup.file());
        assertEquals(2, startup.logFrequency());
    }

    @Test
    void levelOffForgetsTheLevelsBeforeIt() {
        assertEquals(Set.of(), options("--trace-config=level=TIMESTAMPS", "--trace-config=level=OFF").startup()
                .levels());
    }

    @Test
    void traceDirIsTheFolderForClientsFiles() {
        assertEquals(Optional.of(Path.of("/elsewhere")), options("--trace-config=triton,file=/t/x.json",
                "--trace-dir=/elsewhere").allowedFolder());
    }

    @Test
    void badEntriesStopStartUpNamingThem() {
        assertTrue(refusal("--trace-config=level=LOUD").contains("level='LOUD' is not a trace level"));
        assertTrue(refusal("--trace-config=rate=0").contains("'rate=0': expected a whole number from 1"));
        assertTrue(refusal("--trace-config=rate=fast").contains("'rate=fast'"));
        assertTrue(refusal("--trace-config=count=-2").contains("from -1"));
        assertTrue(refusal("--trace-config=triton,log-frequency=-1").contains("from 0"));
        assertTrue(refusal("--trace-config=colour=red").contains("unknown setting 'colour'"));
        assertTrue(refusal("--trace-config=verbose").contains("is not [MODE,]setting=value"));
        assertTrue(refusal("--trace-config=mode=zipkin").contains("mode='zipkin' is not a trace mode"));
    }

    @Test
    void openTelemetryModeReadsItsOwnSettings() {
        TraceOptions trace = options("--trace-config=mode=opentelemetry",
                "--trace-config=opentelemetry,url=http://collector:4318/v1/traces",
                "--trace-config=opentelemetry,resource=service.name=infer-a",
                "--trace-config=opentelemetry,resource=deployment.environment=test",
                "--trace-config=opentelemetry,bsp_schedule_delay=200");
        assertEquals("opentelemetry", trace.mode());
        assertEquals(new TraceOptions.OpenTelemetryExport("http://collector:4318/v1/traces",
                Map.of("service.name", "infer-a", "deployment.environment", "test"), 200), trace.openTelemetry());
    }

    @Test
    void openTelemetryDefaultsAreTritons() {
        assertEquals(new TraceOptions.OpenTelemetryExport("http://localhost:4318/v1/traces", Map.of(), 5000),
                options("--trace-config=mode=opentelemetry").openTelemetry());
    }

    @Test
    void badOpenTelemetryEntriesStopStartUp() {
        assertTrue(refusal("--trace-config=opentelemetry,resource=nokey").contains("expected resource=KEY=VALUE"));
        assertTrue(refusal("--trace-config=opentelemetry,bsp_schedule_delay=0").contains("from 1"));
        assertTrue(refusal("--trace-config=opentelemetry,exporter=zipkin").contains("unknown opentelemetry setting"));
    }
}

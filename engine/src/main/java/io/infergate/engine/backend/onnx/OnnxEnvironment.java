package io.infergate.engine.backend.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import java.nio.ByteOrder;

/**
 * The one ONNX Runtime environment of the process, created with a global intra-op thread pool of
 * one thread per core that every session without its own thread settings shares. Sessions of
 * many models and instances then never run more compute threads than the machine has cores.
 * The pool's threads do not spin while idle, leaving the cores to the event loops. ONNX
 * Runtime's telemetry is turned off first ({@link OnnxTelemetry}).
 */
final class OnnxEnvironment {
    private static OrtEnvironment environment;
    private static boolean sharedPool;

    private OnnxEnvironment() {
    }

    /** The environment; created on first use. */
    static synchronized OrtEnvironment get() {
        if (environment == null) {
            // tensor data is little-endian and handed to ONNX Runtime as native-order memory
            if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                throw new IllegalStateException("the onnxruntime backend needs a little-endian platform");
            }
            OnnxTelemetry.disableUnlessConfigured();
            environment = create();
        }
        return environment;
    }

    /** Whether sessions may use the global thread pool (false when another component made the environment). */
    static synchronized boolean hasSharedPool() {
        get();
        return sharedPool;
    }

    private static OrtEnvironment create() {
        try (OrtEnvironment.ThreadingOptions threading = new OrtEnvironment.ThreadingOptions()) {
            threading.setGlobalIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            threading.setGlobalInterOpNumThreads(1);
            threading.setGlobalSpinControl(false);
            OrtEnvironment created = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                    "infergate", threading);
            sharedPool = true;
            return created;
        } catch (OrtException | IllegalStateException e) {
            // an environment without global threads already exists in this JVM: per-session threads
            sharedPool = false;
            return OrtEnvironment.getEnvironment();
        }
    }
}

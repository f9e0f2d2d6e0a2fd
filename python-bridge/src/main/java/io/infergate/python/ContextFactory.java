package io.infergate.python;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.io.IOAccess;

/**
 * Builds every Python context. All contexts of the shared engine get the same host access (Truffle
 * shares compiled code only between contexts configured alike); only the sandbox's file system,
 * socket and process permissions differ per model.
 * <p>
 * Native access is on so that C extensions (numpy) load. GraalPy loads a native module into one
 * context per process unless every context isolates them: with {@code IsolateNativeModules} each
 * context that imports numpy gets its own copy of the library (a few MB on disk and in memory per
 * instance), so several models and instances use numpy side by side. Native code runs outside
 * the sandbox's file system checks: docs/python-models.md says so.
 */
final class ContextFactory {
    /** Python sees only the bridge's exported methods, plus host arrays and lists (tensor shapes). */
    static final HostAccess HOST_ACCESS = HostAccess.newBuilder(HostAccess.EXPLICIT)
            .allowArrayAccess(true)
            .allowListAccess(true)
            .build();

    private ContextFactory() {
    }

    static Context create(PythonRuntime runtime, SandboxPolicy policy) {
        return Context.newBuilder("python")
                .engine(runtime.engine())
                .allowHostAccess(HOST_ACCESS)
                .allowHostClassLookup(className -> false)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowNativeAccess(true)
                // IsolateNativeModules is still marked experimental in GraalPy 25.
                .allowExperimentalOptions(true)
                .option("python.IsolateNativeModules", "true")
                .allowCreateThread(true)
                // GraalPy runs patchelf for native module copies; the handler refuses the rest unless allowed.
                .allowCreateProcess(true)
                .processHandler(new SandboxProcessHandler(policy))
                .environment("PATH", policy.executablePath())
                .allowIO(IOAccess.newBuilder()
                        .fileSystem(new SandboxFileSystem(policy))
                        .allowHostSocketAccess(policy.sockets())
                        .build())
                // The Java POSIX emulation: no native code, and file access goes through our file system.
                .option("python.PosixModuleBackend", "java")
                .build();
    }
}

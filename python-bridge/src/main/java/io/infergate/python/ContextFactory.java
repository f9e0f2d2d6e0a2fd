package io.infergate.python;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.io.IOAccess;

/**
 * Builds every Python context. All contexts of the shared engine get the same host access (Truffle
 * shares compiled code only between contexts configured alike); only the sandbox's file system,
 * socket and process permissions differ per model.
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
                .allowNativeAccess(false)
                .allowCreateThread(true)
                .allowCreateProcess(policy.processes())
                .allowIO(IOAccess.newBuilder()
                        .fileSystem(new SandboxFileSystem(policy))
                        .allowHostSocketAccess(policy.sockets())
                        .build())
                // The Java POSIX emulation: no native code, and file access goes through our file system.
                .option("python.PosixModuleBackend", "java")
                .build();
    }
}

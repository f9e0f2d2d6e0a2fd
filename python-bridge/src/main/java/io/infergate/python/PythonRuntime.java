package io.infergate.python;

import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;

/**
 * The one polyglot engine every Python context shares, so code compiled for one model instance
 * serves the others. Created on first use; logs whether Python runs compiled or interpreted.
 */
final class PythonRuntime {
    private static final System.Logger LOG = System.getLogger(PythonRuntime.class.getName());
    static final String UTILS_MODULE = "triton_python_backend_utils";

    private static volatile PythonRuntime shared;

    private final Engine engine;
    private final String utilsCode;
    private final List<Path> languageHome;
    private final DefaultEnvironment defaultEnvironment;
    private final Source glueSource;

    private PythonRuntime() {
        // Without JVMCI and the Graal compiler Truffle falls back to its interpreter; say so in
        // the log instead of on stderr.
        engine = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false").build();
        utilsCode = resource(UTILS_MODULE + ".py");
        languageHome = findLanguageHome(engine);
        defaultEnvironment = DefaultEnvironment.find();
        glueSource = Source.newBuilder("python", resource("infergate_runtime.py"), "infergate_runtime.py")
                .buildLiteral();
        LOG.log(System.Logger.Level.INFO, "Python models run on GraalPy " + engine.getVersion() + ", "
                + (compiled() ? "compiled (JIT)" : "interpreted: start the JVM with JVMCI and the Graal compiler "
                        + "for speed (see scripts/serve)"));
        LOG.log(defaultEnvironment.present() ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                defaultEnvironment.present()
                        ? "Python models import packages (numpy) from " + defaultEnvironment.venv()
                        : "no default Python environment at " + defaultEnvironment.venv() + ": models that import numpy "
                                + "fail to load; " + defaultEnvironment.buildHint());
    }

    static PythonRuntime get() {
        PythonRuntime runtime = shared;
        if (runtime == null) {
            synchronized (PythonRuntime.class) {
                runtime = shared;
                if (runtime == null) {
                    runtime = new PythonRuntime();
                    shared = runtime;
                }
            }
        }
        return runtime;
    }

    Engine engine() {
        return engine;
    }

    /**
     * Where GraalPy keeps its standard library. A context with a custom file system reads it
     * through that file system, so the sandbox must let it; a context without host IO finds it.
     */
    private static List<Path> findLanguageHome(Engine engine) {
        try (Context probe = Context.newBuilder("python").engine(engine).allowHostAccess(ContextFactory.HOST_ACCESS).build()) {
            Value prefixes = probe.eval("python", "import sys; [sys.base_prefix, sys.prefix]");
            return List.of(Path.of(prefixes.getArrayElement(0).asString()),
                    Path.of(prefixes.getArrayElement(1).asString()));
        }
    }

    /** What a model's context may touch, and where it imports from (GraalPy's home is always readable). */
    SandboxPolicy sandbox(ModelConfig config, Path modelDir) throws ModelConfigException {
        return SandboxPolicy.of(config, modelDir, languageHome, defaultEnvironment);
    }

    /** The pb_utils module's code. */
    String utilsCode() {
        return utilsCode;
    }

    /** The host glue, one Source for all contexts so its parse is shared. */
    Source glueSource() {
        return glueSource;
    }

    /** Whether Truffle has an optimizing compiler, i.e. Python is JIT-compiled. */
    boolean compiled() {
        return !engine.getImplementationName().toLowerCase(java.util.Locale.ROOT).contains("interpreted");
    }

    private static String resource(String name) {
        try (InputStream in = PythonRuntime.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

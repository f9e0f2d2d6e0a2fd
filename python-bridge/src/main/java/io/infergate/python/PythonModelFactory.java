package io.infergate.python;

import io.infergate.engine.backend.ModelSpec;

/** Builds the Python model objects of one model instance: at load, and again after a stopped execution. */
record PythonModelFactory(PythonRuntime runtime, ModelSpec spec, SandboxPolicy policy, int instanceIndex) {

    PythonModel create() throws PythonLoadException {
        return PythonModel.load(runtime, spec, policy, instanceIndex);
    }

    String modelName() {
        return spec.name();
    }
}

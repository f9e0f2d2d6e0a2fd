package io.infergate.python;

import io.infergate.engine.backend.ModelSpec;

/**
 * Builds the Python model objects of one model instance: at load, and again after a stopped
 * execution or one that ran out of memory.
 *
 * @param memoryLimitBytes what the instance's numpy arrays may hold; 0 for no bound
 */
record PythonModelFactory(PythonRuntime runtime, ModelSpec spec, SandboxPolicy policy, int instanceIndex,
        long memoryLimitBytes) {

    PythonModel create() throws PythonLoadException {
        return PythonModel.load(runtime, spec, policy, instanceIndex, memoryLimitBytes);
    }

    String modelName() {
        return spec.name();
    }
}

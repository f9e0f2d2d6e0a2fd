package io.infergate.engine.backend.decoupled;

import io.infergate.engine.backend.Backend;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ModelSpec;

/** Triton's {@code square} test backend, decoupled: IN = [n] gives n responses OUT = [n], then the final flag. */
public final class SquareBackend implements Backend {
    @Override
    public String name() {
        return "square";
    }

    @Override
    public ModelInstance createInstance(ModelSpec model, int instanceIndex) {
        return new SquareInstance();
    }
}

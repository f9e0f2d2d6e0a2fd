package io.infergate.engine.backend.decoupled;

import io.infergate.engine.backend.Backend;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ModelSpec;

/**
 * Triton's {@code repeat} test backend, decoupled: for IN of length n it sends n responses, the
 * i-th after DELAY[i] ms with OUT = [IN[i]] and IDX = [i]; the request is released WAIT ms after
 * it started; then an empty final response completes it.
 */
public final class RepeatBackend implements Backend {
    @Override
    public String name() {
        return "repeat";
    }

    @Override
    public ModelInstance createInstance(ModelSpec model, int instanceIndex) {
        return new RepeatInstance();
    }
}

package io.infergate.engine;

import static io.infergate.testsupport.Await.await;

import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.backend.BackendRegistry;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.infergate.testsupport.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** An engine over a temporary repository, and the small request builders scheduler tests share. */
public final class EngineHarness implements AutoCloseable {
    public final Vertx vertx = Vertx.vertx();
    public final LocalEngine engine;

    public EngineHarness(Path repository, BackendRegistry backends) throws Exception {
        engine = await(LocalEngine.start(vertx, new EngineOptions(List.of(repository), ModelControlMode.NONE, List.of(),
                true, false), backends));
    }

    public EngineHarness(Path repository) throws Exception {
        this(repository, BackendRegistry.discover());
    }

    /** An engine started with these options and the backends on the class path. */
    public EngineHarness(EngineOptions options) throws Exception {
        engine = await(LocalEngine.start(vertx, options));
    }

    /** The InferenceException a future ends with; fails the test when it succeeds or fails otherwise. */
    public static InferenceException failure(Future<?> future) {
        return Await.failure(future, InferenceException.class);
    }

    /** An INT32 request of shape [1, values.length] to INPUT0. */
    public static InferenceRequest int32Request(String model, Map<String, Object> parameters, int... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            data.putInt(v);
        }
        Tensor input = new Tensor("INPUT0", DataType.INT32, new long[] {1, values.length}, data.flip());
        return new InferenceRequest("", model, "", List.of(input), List.of(), parameters);
    }

    public ModelStatistics statistics(String model) {
        return engine.statistics(model, "").getFirst();
    }

    @Override
    public void close() throws Exception {
        await(engine.close());
        await(vertx.close());
    }
}

package io.infergate.engine.lifecycle;

import io.infergate.engine.backend.ComputeTimer;
import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ResponseSender;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelOutput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelWarmup;
import io.infergate.engine.model.LoadedVersion;
import io.infergate.engine.model.ModelLoadException;
import io.infergate.engine.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Triton's {@code model_warmup}: before a version reports ready, every sample runs {@code count}
 * times (0 counts as 1) on each of its instances, straight on the instance rather than through a
 * scheduler, so the inference statistics never see it. The first failure fails the load with its
 * message. Blocking: runs on the loader's worker thread.
 */
final class Warmup {
    /** How long a decoupled model may take to send its final response to one warmup execution. */
    private static final long DECOUPLED_LIMIT_SECONDS = 60;

    private Warmup() {
    }

    static void run(LoadedVersion version, Path modelDir) throws ModelLoadException {
        ModelConfig config = version.spec().config();
        Set<String> outputs = config.getOutputList().stream().map(ModelOutput::getName)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        for (ModelWarmup sample : config.getModelWarmupList()) {
            List<Tensor> inputs = WarmupInputs.of(config, sample, modelDir);
            int batch = WarmupInputs.batchSize(config, sample);
            for (ModelInstance instance : version.instances()) {
                for (int i = 0; i < Math.max(1, sample.getCount()); i++) {
                    execute(instance, sample, inputs, outputs, batch, version.decoupled());
                }
            }
        }
    }

    private static void execute(ModelInstance instance, ModelWarmup sample, List<Tensor> inputs, Set<String> outputs,
            int batch, boolean decoupled) throws ModelLoadException {
        // every execution gets its own views: a backend may move the buffers' positions
        List<Tensor> fresh = inputs.stream()
                .map(t -> new Tensor(t.name(), t.dataType(), t.shape(), t.data().duplicate())).toList();
        FinalResponse finished = decoupled ? new FinalResponse() : null;
        try {
            instance.execute(new Execution(fresh, outputs, batch, new ComputeTimer(), finished, List.of()));
            if (finished != null) {
                finished.done.get(DECOUPLED_LIMIT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            throw WarmupInputs.failure(sample, messageOf(e.getCause()));
        } catch (TimeoutException e) {
            throw WarmupInputs.failure(sample, "no final response within " + DECOUPLED_LIMIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WarmupInputs.failure(sample, "interrupted");
        } catch (Exception e) {
            throw WarmupInputs.failure(sample, messageOf(e));
        }
    }

    private static String messageOf(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A decoupled model's responses to a warmup execution: dropped, waiting only for the end. */
    private static final class FinalResponse implements ResponseSender {
        final CompletableFuture<Void> done = new CompletableFuture<>();

        @Override
        public void send(List<Tensor> outputs, boolean last) {
            if (last) {
                done.complete(null);
            }
        }

        @Override
        public void finish() {
            done.complete(null);
        }

        @Override
        public void fail(Throwable cause) {
            done.completeExceptionally(cause);
        }

        @Override
        public boolean isFinished() {
            return done.isDone();
        }
    }
}

package io.infergate.engine.backend.onnx;

import static io.infergate.engine.backend.onnx.OnnxFixtures.addSubConfig;
import static io.infergate.engine.backend.onnx.OnnxFixtures.param;
import static io.infergate.engine.backend.onnx.OnnxFixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInstanceGroup;
import io.infergate.engine.config.proto.ModelConfigProto.ModelOptimizationPolicy;
import io.infergate.engine.tensor.DataType;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxSessionOptionsTest {

    @TempDir
    Path dir;

    @Test
    void parametersSetThreadsExecutionModeMemoryAndGraphLevel() throws Exception {
        ModelConfig config = addSubConfig()
                .putParameters("intra_op_thread_count", param("3"))
                .putParameters("inter_op_thread_count", param("2"))
                .putParameters("execution_mode", param("1"))
                .putParameters("enable_mem_arena", param("0"))
                .putParameters("enable_mem_pattern", param("true"))
                .putParameters("session.use_device_allocator_for_initializers", param("1"))
                .setOptimization(ModelOptimizationPolicy.newBuilder()
                        .setGraph(ModelOptimizationPolicy.Graph.newBuilder().setLevel(1)))
                .build();

        OnnxSessionOptions options = OnnxSessionOptions.from(config);

        assertEquals(3, options.intraOpThreads());
        assertEquals(2, options.interOpThreads());
        assertEquals(ExecutionMode.PARALLEL, options.executionMode());
        assertEquals(OptLevel.EXTENDED_OPT, options.optLevel());
        assertEquals(false, options.memArena());
        assertEquals(true, options.memPattern());
        assertEquals(Map.of("session.use_device_allocator_for_initializers", "1"), options.sessionEntries());
    }

    @Test
    void instanceIsCreatedWithTheParametersSessionOptions() throws Exception {
        Path model = TinyOnnx.write(dir, TinyOnnx.addSub(DataType.INT32, -1, 4));
        ModelConfig config = addSubConfig().putParameters("intra_op_thread_count", param("1"))
                .putParameters("memory.enable_memory_arena_shrinkage", param("cpu:0")).build();

        try (ModelInstance instance = new OnnxBackend().createInstance(spec(config, model), 0)) {
            OnnxSessionOptions settings = ((OnnxModelInstance) instance).settings();
            assertEquals(1, settings.intraOpThreads());
            assertEquals("cpu:0", settings.arenaShrinkage());
        }
    }

    @Test
    void defaultsSplitTheCoresAcrossTheModelsInstances() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        ModelConfig oneInstance = addSubConfig().build();
        ModelConfig fourInstances = addSubConfig()
                .addInstanceGroup(ModelInstanceGroup.newBuilder().setCount(3))
                .addInstanceGroup(ModelInstanceGroup.newBuilder().setCount(1)).build();

        OnnxSessionOptions one = OnnxSessionOptions.from(oneInstance);
        assertEquals(Math.max(1, cores), one.intraOpThreads());
        assertEquals(0, one.interOpThreads());
        assertEquals(ExecutionMode.SEQUENTIAL, one.executionMode());
        assertEquals(OptLevel.ALL_OPT, one.optLevel());
        assertEquals(Math.max(1, cores / 4), OnnxSessionOptions.from(fourInstances).intraOpThreads());
    }

    @Test
    void withoutThreadParametersSessionsShareTheProcessPool() throws Exception {
        assertTrue(OnnxSessionOptions.from(addSubConfig().build()).sharedThreads());
    }

    @Test
    void aThreadParameterGivesTheSessionThreadsOfItsOwn() throws Exception {
        ModelConfig config = addSubConfig().putParameters("intra_op_thread_count", param("1")).build();
        assertFalse(OnnxSessionOptions.from(config).sharedThreads());
    }

    @Test
    void badThreadCountFailsTheLoadNamingTheParameter() {
        Path model = TinyOnnx.write(dir, TinyOnnx.addSub(DataType.INT32, -1, 4));
        ModelConfig config = addSubConfig().putParameters("intra_op_thread_count", param("two")).build();

        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> new OnnxBackend().createInstance(spec(config, model), 0));
        assertTrue(e.getMessage().contains("intra_op_thread_count") && e.getMessage().contains("two"), e.getMessage());
    }

    @Test
    void badExecutionModeFailsNamingTheParameter() {
        ModelConfig config = addSubConfig().putParameters("execution_mode", param("2")).build();

        ModelConfigException e = assertThrows(ModelConfigException.class, () -> OnnxSessionOptions.from(config));
        assertTrue(e.getMessage().contains("execution_mode"), e.getMessage());
    }

    @Test
    void unknownGraphLevelFailsNamingIt() {
        ModelConfig config = addSubConfig().setOptimization(ModelOptimizationPolicy.newBuilder()
                .setGraph(ModelOptimizationPolicy.Graph.newBuilder().setLevel(7))).build();

        ModelConfigException e = assertThrows(ModelConfigException.class, () -> OnnxSessionOptions.from(config));
        assertTrue(e.getMessage().contains("optimization.graph.level"), e.getMessage());
    }
}

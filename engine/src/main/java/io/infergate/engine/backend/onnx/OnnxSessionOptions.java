package io.infergate.engine.backend.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.RunOptions;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInstanceGroup;
import io.infergate.engine.config.proto.ModelConfigProto.ModelParameter;
import java.util.Map;
import java.util.TreeMap;

/**
 * ONNX Runtime session settings read from a model configuration, with the keys and values of
 * Triton's onnxruntime backend:
 *
 * <ul>
 *   <li>{@code parameters.intra_op_thread_count}: threads inside one operator; 0 lets ONNX Runtime
 *       use one per core. Default here: no threads of the session's own; it runs on the process's
 *       shared pool of one thread per core ({@link OnnxEnvironment}), so all models and instances
 *       together never oversubscribe the machine. Should that pool be unavailable, the default is
 *       {@code max(1, cores / instances)} of the model. Setting this (or the inter-op count) gives
 *       the session threads of its own.
 *   <li>{@code parameters.inter_op_thread_count}: threads across operators, used only in parallel
 *       execution mode; 0 (also the default) lets ONNX Runtime choose.
 *   <li>{@code parameters.execution_mode}: {@code 0} sequential (default), {@code 1} parallel.
 *   <li>{@code parameters.enable_mem_arena}, {@code parameters.enable_mem_pattern}: {@code 0}/{@code 1}
 *       (or {@code false}/{@code true}); ONNX Runtime's defaults (both on) when absent.
 *   <li>{@code parameters.memory.enable_memory_arena_shrinkage}: passed to every run as a run option.
 *   <li>any other {@code parameters.session.*} key: passed on as a session config entry, for example
 *       {@code session.use_device_allocator_for_initializers}.
 *   <li>{@code optimization.graph.level}: {@code -1} basic, {@code 1} basic and extended,
 *       {@code 2} none, absent or {@code 0} all optimizations (ONNX Runtime's and Triton's default).
 * </ul>
 *
 * A value that does not parse fails the load with a message naming the parameter. Other parameter
 * keys are ignored, as Triton does.
 *
 * @param intraOpThreads  intra-op threads (0: ONNX Runtime's choice)
 * @param interOpThreads  inter-op threads (0: ONNX Runtime's choice)
 * @param executionMode   sequential or parallel
 * @param optLevel        graph optimization level
 * @param memArena        CPU memory arena on or off, null for ONNX Runtime's default
 * @param memPattern      memory pattern optimization on or off, null for the default
 * @param sessionEntries  session config entries ({@code session.*})
 * @param arenaShrinkage  the run option {@code memory.enable_memory_arena_shrinkage}, or null
 * @param sharedThreads   run on the process's shared thread pool (no thread counts configured)
 */
public record OnnxSessionOptions(int intraOpThreads, int interOpThreads, ExecutionMode executionMode,
        OptLevel optLevel, Boolean memArena, Boolean memPattern, Map<String, String> sessionEntries,
        String arenaShrinkage, boolean sharedThreads) {

    public static final String INTRA_OP_THREAD_COUNT = "intra_op_thread_count";
    public static final String INTER_OP_THREAD_COUNT = "inter_op_thread_count";
    public static final String EXECUTION_MODE = "execution_mode";
    public static final String ENABLE_MEM_ARENA = "enable_mem_arena";
    public static final String ENABLE_MEM_PATTERN = "enable_mem_pattern";
    public static final String ARENA_SHRINKAGE = "memory.enable_memory_arena_shrinkage";
    public static final String GRAPH_LEVEL = "optimization.graph.level";

    public OnnxSessionOptions {
        sessionEntries = Map.copyOf(sessionEntries);
    }

    /** Reads the settings of a configuration; throws naming the first bad parameter. */
    public static OnnxSessionOptions from(ModelConfig config) throws ModelConfigException {
        Map<String, String> params = new TreeMap<>();
        for (Map.Entry<String, ModelParameter> e : config.getParametersMap().entrySet()) {
            params.put(e.getKey(), e.getValue().getStringValue().strip());
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int intra = params.containsKey(INTRA_OP_THREAD_COUNT)
                ? nonNegativeInt(INTRA_OP_THREAD_COUNT, params.get(INTRA_OP_THREAD_COUNT))
                : Math.max(1, cores / instanceCount(config));
        int inter = params.containsKey(INTER_OP_THREAD_COUNT)
                ? nonNegativeInt(INTER_OP_THREAD_COUNT, params.get(INTER_OP_THREAD_COUNT))
                : 0;
        ExecutionMode mode = ExecutionMode.SEQUENTIAL;
        if (params.containsKey(EXECUTION_MODE)) {
            mode = switch (params.get(EXECUTION_MODE)) {
                case "0" -> ExecutionMode.SEQUENTIAL;
                case "1" -> ExecutionMode.PARALLEL;
                default -> throw bad(EXECUTION_MODE, params.get(EXECUTION_MODE), "0 (sequential) or 1 (parallel)");
            };
        }
        Boolean arena = params.containsKey(ENABLE_MEM_ARENA) ? bool(ENABLE_MEM_ARENA, params.get(ENABLE_MEM_ARENA)) : null;
        Boolean pattern = params.containsKey(ENABLE_MEM_PATTERN)
                ? bool(ENABLE_MEM_PATTERN, params.get(ENABLE_MEM_PATTERN)) : null;
        String shrinkage = params.get(ARENA_SHRINKAGE);
        Map<String, String> entries = new TreeMap<>();
        params.forEach((key, value) -> {
            if (key.startsWith("session.")) {
                entries.put(key, value);
            }
        });
        OptLevel level = switch (config.getOptimization().getGraph().getLevel()) {
            case 0 -> OptLevel.ALL_OPT;
            case -1 -> OptLevel.BASIC_OPT;
            case 1 -> OptLevel.EXTENDED_OPT;
            case 2 -> OptLevel.NO_OPT;
            default -> throw bad(GRAPH_LEVEL, Integer.toString(config.getOptimization().getGraph().getLevel()),
                    "-1 (basic), 1 (extended), 2 (disabled) or 0/absent (all)");
        };
        boolean shared = !params.containsKey(INTRA_OP_THREAD_COUNT) && !params.containsKey(INTER_OP_THREAD_COUNT);
        return new OnnxSessionOptions(intra, inter, mode, level, arena, pattern, entries, shrinkage, shared);
    }

    /** The model's instances across all instance groups; a group without a count has one. */
    static int instanceCount(ModelConfig config) {
        int total = 0;
        for (ModelInstanceGroup group : config.getInstanceGroupList()) {
            total += Math.max(1, group.getCount());
        }
        return Math.max(1, total);
    }

    /** Fresh ONNX Runtime session options; the caller closes them once the session exists. */
    public SessionOptions toSessionOptions() throws OrtException {
        SessionOptions options = new SessionOptions();
        try {
            if (sharedThreads && OnnxEnvironment.hasSharedPool()) {
                options.disablePerSessionThreads();
            } else {
                options.setIntraOpNumThreads(intraOpThreads);
                options.setInterOpNumThreads(interOpThreads);
            }
            options.setExecutionMode(executionMode);
            options.setOptimizationLevel(optLevel);
            if (memArena != null) {
                options.setCPUArenaAllocator(memArena);
            }
            if (memPattern != null) {
                options.setMemoryPatternOptimization(memPattern);
            }
            for (Map.Entry<String, String> e : sessionEntries.entrySet()) {
                options.addConfigEntry(e.getKey(), e.getValue());
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    /** Run options for every execution, or null when the defaults do. */
    RunOptions toRunOptions() throws OrtException {
        if (arenaShrinkage == null) {
            return null;
        }
        RunOptions options = new RunOptions();
        options.addRunConfigEntry(ARENA_SHRINKAGE, arenaShrinkage);
        return options;
    }

    private static int nonNegativeInt(String key, String value) throws ModelConfigException {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(key, value, "a non-negative integer");
    }

    private static boolean bool(String key, String value) throws ModelConfigException {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw bad(key, value, "0, 1, true or false");
        };
    }

    private static ModelConfigException bad(String key, String value, String expected) {
        return new ModelConfigException("onnxruntime parameter '" + key + "' has value '" + value
                + "'; expected " + expected);
    }
}

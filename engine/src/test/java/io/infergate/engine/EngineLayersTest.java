package io.infergate.engine;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The engine reads bottom-up: lifecycle -> schedulers -> bus -> model -> backend -> tensor, with
 * the shared vocabulary (api, config, repository, stats, trace) below the model and no arrow pointing up;
 * shared memory (shm) stands beside them on the vocabulary alone, for the composition root to hand out;
 * what the schedulers of all models share (the response cache, the rate limiter) stands below the schedulers, on the
 * vocabulary alone.
 */
class EngineLayersTest {
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.infergate.engine");

    @Test
    void noEnginePackageImportsOneThatImportsIt() {
        slices().matching("io.infergate.engine.(**)").should().beFreeOfCycles().check(ENGINE);
    }

    @Test
    void everyLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Engine").definedBy("io.infergate.engine")
                .layer("Lifecycle").definedBy("io.infergate.engine.lifecycle..")
                .layer("Schedulers").definedBy("io.infergate.engine.scheduler..", "io.infergate.engine.ensemble..")
                .layer("Bus").definedBy("io.infergate.engine.bus..")
                .layer("Model").definedBy("io.infergate.engine.model..")
                .layer("Shared").definedBy("io.infergate.engine.cache..", "io.infergate.engine.ratelimit..")
                .layer("SharedMemory").definedBy("io.infergate.engine.shm..")
                .layer("Backend").definedBy("io.infergate.engine.backend..")
                .layer("Vocabulary").definedBy("io.infergate.engine.api..", "io.infergate.engine.config..",
                        "io.infergate.engine.repository..", "io.infergate.engine.stats..", "io.infergate.engine.trace..")
                .layer("Tensor").definedBy("io.infergate.engine.tensor..")
                .whereLayer("Lifecycle").mayOnlyAccessLayers("Schedulers", "Bus", "Model", "Shared", "Backend", "Vocabulary",
                        "Tensor")
                .whereLayer("Schedulers").mayOnlyAccessLayers("Bus", "Model", "Shared", "Backend", "Vocabulary", "Tensor")
                .whereLayer("Bus").mayOnlyAccessLayers("Model", "Backend", "Vocabulary", "Tensor")
                .whereLayer("Model").mayOnlyAccessLayers("Backend", "Vocabulary", "Tensor")
                .whereLayer("Shared").mayOnlyAccessLayers("Vocabulary", "Tensor")
                .whereLayer("SharedMemory").mayOnlyAccessLayers("Vocabulary", "Tensor")
                .whereLayer("Backend").mayOnlyAccessLayers("Vocabulary", "Tensor")
                .whereLayer("Vocabulary").mayOnlyAccessLayers("Tensor")
                .whereLayer("Tensor").mayNotAccessAnyLayer()
                .check(ENGINE);
    }
}

package io.infergate.gateway;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The gateway reaches into the engine only through what the engine offers its callers:
 * <ul>
 * <li>{@code io.infergate.engine} itself: {@code LocalEngine} and {@code EngineOptions}, the
 *     composition root a server starts;</li>
 * <li>{@code api}: the in-process API (requests, responses, statuses, model names);</li>
 * <li>{@code backend}: the backend SPI;</li>
 * <li>{@code tensor}: the tensors every request and response carries;</li>
 * <li>{@code config} (with the generated {@code config.proto}): the model configuration the API
 *     returns, and its JSON form;</li>
 * <li>{@code metrics}: the custom metric families that models define, which {@code /metrics}
 *     renders;</li>
 * <li>{@code repository.spi}: the model repository SPI, which the server's S3 repositories
 *     implement;</li>
 * <li>{@code trace}: the trace a sampled request carries, which the frontends create, mark and
 *     write out.</li>
 * </ul>
 */
class GatewayUsesEngineApiTest {
    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.infergate.gateway");

    @Test
    void gatewayUsesOnlyTheEnginePackagesMeantForCallers() {
        noClasses().should().dependOnClassesThat(engineInternals())
                .check(GATEWAY);
    }

    private static DescribedPredicate<JavaClass> engineInternals() {
        return resideInAPackage("io.infergate.engine..")
                .and(resideOutsideOfPackages(
                        "io.infergate.engine", "io.infergate.engine.api", "io.infergate.engine.backend",
                        "io.infergate.engine.tensor", "io.infergate.engine.config", "io.infergate.engine.config.proto",
                        "io.infergate.engine.metrics", "io.infergate.engine.repository.spi",
                        "io.infergate.engine.trace"));
    }
}

package io.infergate.engine.lifecycle;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.infergate.engine.backend.BackendRegistry;
import io.infergate.engine.model.ModelLoadException;
import io.infergate.testsupport.HostileInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the repository load API's {@code config} parameter: the JSON a client sends is read and
 * checked as a load does before any backend sees it, and is taken or refused with
 * ModelLoadException (the load's failure), nothing else. Seeds:
 * {@code LoadApiConfigFuzzTestInputs/loadApiConfig/}.
 */
class LoadApiConfigFuzzTest {
    private static final ModelConfigResolver RESOLVER = new ModelConfigResolver(new BackendRegistry(List.of()), false);

    @FuzzTest
    @Timeout(10)
    void loadApiConfig(byte[] json) throws Exception {
        HostileInput.decode(json.length, ModelLoadException.class, () -> ModelConfigResolver.validate(
                RESOLVER.read("fuzz_model", Path.of("fuzz_model"), new String(json, StandardCharsets.UTF_8))));
    }
}

package io.infergate.engine.lifecycle;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.ModelConfigParser;
import io.infergate.engine.model.ModelLoadException;
import io.infergate.testsupport.HostileInput;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@code config.pbtxt} as a load reads it from a model repository (a folder, or a remote
 * store such as S3 that others may write to): the text is parsed and checked as a load does before
 * any backend sees it, and is taken or refused with
 * ModelConfigException (it does not parse) or ModelLoadException (it does not hold). Seeds:
 * {@code ConfigPbtxtFuzzTestInputs/configPbtxt/}.
 */
class ConfigPbtxtFuzzTest {

    @FuzzTest
    @Timeout(10)
    void configPbtxt(byte[] text) throws Exception {
        HostileInput.decode(text.length, Exception.class,
                e -> e instanceof ModelConfigException || e instanceof ModelLoadException,
                () -> ModelConfigResolver.validate(ModelConfigParser.parseText(new String(text, StandardCharsets.UTF_8),
                        "config.pbtxt")));
    }
}

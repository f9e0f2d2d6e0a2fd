package io.infergate.gateway.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.infergate.gateway.http.SharedMemoryHandlers.Registration;
import io.infergate.gateway.protocol.FuzzRegion;
import io.infergate.testsupport.HostileInput;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzzes the system shared-memory register request: its JSON body ({@code key}, {@code offset},
 * {@code byte_size}) read as the HTTP frontend reads it and handed to a real registry, which maps
 * the object. Any body registers a region or is refused with a client's error, never a crash or a
 * mapping outside the object. The key {@value #KEY_OF_THE_TEST_OBJECT} stands for the key of a real
 * object this test makes (whose name is fresh each run), so that seeds reach a successful mapping.
 * Seeds: {@code SharedMemoryRegisterFuzzTestInputs/sharedMemoryRegister/}.
 */
class SharedMemoryRegisterFuzzTest {
    static final String KEY_OF_THE_TEST_OBJECT = "/fuzz-object";
    private static final String NAME = "registered";
    @RegisterExtension
    static final FuzzRegion REGION = new FuzzRegion();

    @FuzzTest
    @Timeout(10)
    void sharedMemoryRegister(byte[] body) throws Exception {
        HostileInput.decode(body.length, InferenceException.class, e -> e.status() != Status.INTERNAL, () -> {
            Registration registration = Registration.read(NAME, Buffer.buffer(body));
            String key = registration.key().equals(KEY_OF_THE_TEST_OBJECT) ? REGION.key() : registration.key();
            try {
                REGION.registry().register(NAME, key, registration.offset(), registration.byteSize());
            } finally {
                REGION.registry().unregister(NAME);
            }
        });
    }
}

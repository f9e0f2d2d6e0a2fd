package io.infergate.gateway.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.infergate.testsupport.HostileInput;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the HTTP frontend's decoder of a JSON infer body (KServe v2, no binary tensor data): any
 * body is decoded or refused with a client's error (INVALID_ARG; UNAVAILABLE for shared memory,
 * which is off here), never a crash, a hang or memory out of proportion.
 * Seeds: {@code JsonInferBodyFuzzTestInputs/jsonInferBody/}.
 */
class JsonInferBodyFuzzTest {

    @FuzzTest
    @Timeout(10)
    void jsonInferBody(byte[] body) throws Exception {
        HostileInput.decode(body.length, InferenceException.class, e -> e.status() != Status.INTERNAL,
                () -> InferRequestDecoder.decode("fuzz", "", BinaryBody.split(null, Buffer.buffer(body))));
    }
}

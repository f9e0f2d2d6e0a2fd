package io.infergate.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestTimeoutTest {
    private static InferenceRequest withParameters(Map<String, Object> parameters) {
        return new InferenceRequest("r", "m", "", List.of(), List.of(), parameters);
    }

    @Test
    void requestWithoutTimeoutIsSentAsItIs() {
        InferenceRequest request = withParameters(Map.of("priority", 1L));

        assertSame(request, RequestTimeout.remaining(request, System.nanoTime() - TimeUnit.SECONDS.toNanos(60)));
    }

    @Test
    void secondTryGetsWhatIsLeftOfTheTimeout() {
        InferenceRequest request = withParameters(Map.of("timeout", 5_000_000L));

        InferenceRequest again = RequestTimeout.remaining(request, System.nanoTime() - TimeUnit.SECONDS.toNanos(2));

        long left = (Long) again.parameters().get("timeout");
        assertTrue(left > 2_000_000 && left <= 3_000_000, "about 3 s left: " + left);
    }

    @Test
    void timeoutAlreadySpentLeavesNoSecondTry() {
        InferenceRequest request = withParameters(Map.of("timeout", 1_000L));

        assertNull(RequestTimeout.remaining(request, System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(5)));
    }

    @Test
    void timeoutTheWorkerWillRefuseIsLeftForItToRefuse() {
        InferenceRequest request = withParameters(Map.of("timeout", "soon"));

        assertSame(request, RequestTimeout.remaining(request, System.nanoTime() - TimeUnit.SECONDS.toNanos(60)));
    }
}

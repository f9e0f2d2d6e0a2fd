package io.infergate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.RateLimitOptions;
import io.infergate.engine.RateLimitOptions.ResourceCount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --rate-limit and --rate-limit-resource in tritonserver's syntax, and malformed values. */
class RateLimitFlagsTest {
    private static RateLimitOptions parse(String... flags) {
        String[] args = new String[flags.length + 1];
        args[0] = "--model-repository=/tmp";
        System.arraycopy(flags, 0, args, 1, flags.length);
        return ServerOptions.fromArgs(args).toEngineOptions().rateLimit();
    }

    private static String refusal(String... flags) {
        return assertThrows(ConfigException.class, () -> parse(flags)).getMessage();
    }

    @Test
    void offByDefault() {
        assertFalse(parse().enabled());
    }

    @Test
    void executionCountTurnsItOnWithTheResourcesGiven() {
        RateLimitOptions options = parse("--rate-limit=execution_count", "--rate-limit-resource=R1:10",
                "--rate-limit-resource=R2:5:0");
        assertTrue(options.enabled());
        assertEquals(List.of(new ResourceCount("R1", 10, ResourceCount.ALL_DEVICES), new ResourceCount("R2", 5, 0)),
                options.resources());
    }

    @Test
    void anUnknownModeIsRefused() {
        assertTrue(refusal("--rate-limit=on").contains("'on' is not off or execution_count"));
    }

    @Test
    void aResourceWithoutACountIsRefused() {
        assertTrue(refusal("--rate-limit-resource=R1").contains("'R1' is not name:count or name:count:device"));
    }

    @Test
    void aCountThatIsNotANumberIsRefused() {
        assertTrue(refusal("--rate-limit-resource=R1:many").contains("the count 'many' is not a whole number"));
    }

    @Test
    void aNegativeCountIsRefused() {
        assertTrue(refusal("--rate-limit-resource=R1:-1").contains("the count '-1' is not a whole number"));
    }

    @Test
    void aDeviceThatIsNotANumberIsRefused() {
        assertTrue(refusal("--rate-limit-resource=R1:2:gpu").contains("the device 'gpu' is not a whole number"));
    }

    @Test
    void tooManyPartsAreRefused() {
        assertTrue(refusal("--rate-limit-resource=R1:2:0:9").contains("is not name:count or name:count:device"));
    }

    @Test
    void aResourceWithoutANameIsRefused() {
        assertTrue(refusal("--rate-limit-resource=:2").contains("is not name:count or name:count:device"));
    }
}

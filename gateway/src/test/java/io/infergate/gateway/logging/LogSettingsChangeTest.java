package io.infergate.gateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A client's change to the log settings: what applies, and each bad value refused with its reason. */
class LogSettingsChangeTest {

    private static String errorFor(Map<String, ?> changes) {
        InferenceException e = assertThrows(InferenceException.class,
                () -> LogSettingsChange.apply(LogSettings.DEFAULTS, changes));
        assertEquals(Status.INVALID_ARG, e.status());
        return e.getMessage();
    }

    @Test
    void namedSettingsChangeAndTheOthersStay() {
        LogSettings next = LogSettingsChange.apply(LogSettings.DEFAULTS,
                Map.of("log_info", false, "log_verbose_level", 2, "log_format", "ISO8601"));
        assertEquals(new LogSettings("", false, true, true, 2, LogFormat.ISO8601), next);
    }

    @Test
    void anUnknownSettingIsRefusedWithTheKnownOnes() {
        assertEquals("unknown log setting 'log_level' (known: log_file, log_info, log_warning, log_error,"
                + " log_verbose_level, log_format)", errorFor(Map.of("log_level", 1)));
    }

    @Test
    void aBooleanSettingRefusesOtherTypes() {
        assertEquals("log setting 'log_info' must be a boolean, not 'true'", errorFor(Map.of("log_info", "true")));
        assertEquals("log setting 'log_error' must be a boolean, not 1", errorFor(Map.of("log_error", 1)));
    }

    @Test
    void theVerboseLevelMustBeAWholeNumberNotBelowZero() {
        assertEquals("log setting 'log_verbose_level' must be a whole number from 0 to 2147483647, not -1",
                errorFor(Map.of("log_verbose_level", -1)));
        assertEquals("log setting 'log_verbose_level' must be a whole number from 0 to 2147483647, not 1.5",
                errorFor(Map.of("log_verbose_level", 1.5)));
        assertEquals("log setting 'log_verbose_level' must be a whole number from 0 to 2147483647, not 4294967295",
                errorFor(Map.of("log_verbose_level", 4294967295L)));
    }

    @Test
    void theFormatIsDefaultOrIso8601() {
        assertEquals("log setting 'log_format' must be 'default' or 'ISO8601', not 'json'",
                errorFor(Map.of("log_format", "json")));
        assertEquals("log setting 'log_format' must be a string, not true", errorFor(Map.of("log_format", true)));
    }

    @Test
    void theFileMustBeText() {
        assertEquals("log setting 'log_file' must be a string, not 3", errorFor(Map.of("log_file", 3)));
    }
}

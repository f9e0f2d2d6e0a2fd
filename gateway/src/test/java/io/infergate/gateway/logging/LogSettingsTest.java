package io.infergate.gateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** How Triton's switches and verbose level map onto Java's log levels. */
class LogSettingsTest {

    private static boolean allows(LogSettings settings, Level level) {
        return settings.allows(new LogRecord(level, "m"));
    }

    private static LogSettings verbose(int level) {
        return new LogSettings("", true, true, true, level, LogFormat.DEFAULT);
    }

    @Test
    void byDefaultInfoWarningsAndErrorsPassAndNoDebugDetail() {
        assertTrue(allows(LogSettings.DEFAULTS, Level.SEVERE));
        assertTrue(allows(LogSettings.DEFAULTS, Level.WARNING));
        assertTrue(allows(LogSettings.DEFAULTS, Level.INFO));
        assertFalse(allows(LogSettings.DEFAULTS, Level.CONFIG));
        assertFalse(allows(LogSettings.DEFAULTS, Level.FINE));
        assertEquals(Level.INFO, LogSettings.DEFAULTS.threshold());
    }

    @Test
    void eachVerboseLevelLetsOneMoreJavaLevelThrough() {
        assertTrue(allows(verbose(1), Level.CONFIG));
        assertTrue(allows(verbose(1), Level.FINE));
        assertFalse(allows(verbose(1), Level.FINER));
        assertTrue(allows(verbose(2), Level.FINER));
        assertFalse(allows(verbose(2), Level.FINEST));
        assertTrue(allows(verbose(7), Level.FINEST));
        assertEquals(Level.FINEST, verbose(7).threshold());
    }

    @Test
    void eachSwitchTurnsOffItsLevelAlone() {
        LogSettings noWarnings = new LogSettings("", true, false, true, 0, LogFormat.DEFAULT);
        assertFalse(allows(noWarnings, Level.WARNING));
        assertTrue(allows(noWarnings, Level.SEVERE));
        assertTrue(allows(noWarnings, Level.INFO));
        LogSettings noErrors = new LogSettings("", true, true, false, 0, LogFormat.DEFAULT);
        assertFalse(allows(noErrors, Level.SEVERE));
        assertTrue(allows(noErrors, Level.WARNING));
    }
}

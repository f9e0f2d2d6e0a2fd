package io.infergate.gateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process's log settings applied to java.util.logging: records reach the file the settings
 * name, filtered and formatted as they say, at once; a client's file stays in the log folder.
 */
class ServerLogTest {
    private static final Logger LOG = Logger.getLogger("io.infergate.test.ServerLogTest");

    @TempDir
    Path dir;
    private final ServerLog log = ServerLog.process();

    @AfterEach
    void backToTheConsole() {
        log.configure(LogSettings.DEFAULTS, Optional.empty());
    }

    private String refusal(String file) {
        return assertThrows(InferenceException.class, () -> log.update(Map.of("log_file", file))).getMessage();
    }

    @Test
    void aFileInTheFolderReceivesTheRecordsTheSettingsAllow() throws Exception {
        log.configure(LogSettings.DEFAULTS, Optional.of(dir));
        log.update(Map.of("log_file", "server.log", "log_warning", false, "log_verbose_level", 1));
        LOG.info("an info line");
        LOG.warning("a warning line");
        LOG.fine("a verbose line");
        LOG.finer("a finer line");
        String text = Files.readString(dir.resolve("server.log"));
        assertTrue(text.contains("ServerLogTest] an info line"), text);
        assertTrue(text.contains("ServerLogTest] a verbose line"), text);
        assertFalse(text.contains("a warning line"), text);
        assertFalse(text.contains("a finer line"), text);
    }

    @Test
    void linesFollowTheFormatAtOnce() throws Exception {
        log.configure(LogSettings.DEFAULTS, Optional.of(dir));
        log.update(Map.of("log_file", "format.log"));
        LOG.info("glog style");
        log.update(Map.of("log_format", "ISO8601"));
        LOG.severe("iso style");
        String[] lines = Files.readString(dir.resolve("format.log")).split("\n");
        assertTrue(lines[0].matches("I\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} \\d+ ServerLogTest] glog style"), lines[0]);
        assertTrue(lines[1].matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ E \\d+ ServerLogTest] iso style"),
                lines[1]);
    }

    @Test
    void theStartupFileIsWrittenAndItsFolderAllowsClients() throws Exception {
        Path startup = dir.resolve("startup.log");
        log.configure(new LogSettings(startup.toString(), true, true, true, 0, LogFormat.DEFAULT), Optional.of(dir));
        LOG.info("at start-up");
        assertTrue(Files.readString(startup).contains("at start-up"));
        assertEquals(startup.toString(), log.current().logFile());
    }

    @Test
    void aFileOutsideTheFolderIsRefusedAndNothingChanges() {
        log.configure(LogSettings.DEFAULTS, Optional.of(dir.resolve("logs")));
        assertTrue(refusal("../escape.log").contains("outside the log folder"));
        assertTrue(refusal(dir.resolve("elsewhere.log").toString()).contains("outside the log folder"));
        assertFalse(Files.exists(dir.resolve("escape.log")));
        assertEquals(LogSettings.DEFAULTS, log.current());
    }

    @Test
    void aLinkOutOfTheFolderIsRefused() throws Exception {
        Path logs = Files.createDirectory(dir.resolve("logs"));
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.createSymbolicLink(logs.resolve("sub"), outside);
        Files.createSymbolicLink(logs.resolve("file.log"), outside.resolve("target.log"));
        log.configure(LogSettings.DEFAULTS, Optional.of(logs));
        assertTrue(refusal("sub/x.log").contains("leads outside the log folder"));
        assertTrue(refusal("file.log").contains("leads outside the log folder"));
        assertFalse(Files.exists(outside.resolve("target.log")));
    }

    @Test
    void aFileInAMissingSubfolderIsRefused() {
        log.configure(LogSettings.DEFAULTS, Optional.of(dir));
        assertEquals("log_file 'missing/server.log' refused: its folder does not exist", refusal("missing/server.log"));
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    @Test
    void withoutAFolderNoFileMayBeChosen() {
        log.configure(LogSettings.DEFAULTS, Optional.empty());
        assertTrue(refusal("server.log").contains("the server allows no log folder"));
        assertEquals(LogSettings.DEFAULTS, log.update(Map.of("log_file", "")));
    }
}

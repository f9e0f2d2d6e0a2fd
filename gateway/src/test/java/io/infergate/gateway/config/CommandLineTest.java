package io.infergate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    private static Object value(CommandLine commandLine, Setting setting) {
        return commandLine.values().get(setting).value();
    }

    @Test
    void flagWithEqualsSignTakesTheValueAfterIt() {
        assertEquals("9000", value(CommandLine.parse(List.of("--http-port=9000")), Setting.HTTP_PORT));
    }

    @Test
    void flagFollowedByAValueTakesTheNextArgument() {
        assertEquals("9000", value(CommandLine.parse(List.of("--http-port", "9000")), Setting.HTTP_PORT));
    }

    @Test
    void bareBooleanFlagMeansTrue() {
        CommandLine commandLine = CommandLine.parse(List.of("--strict-model-config", "--http-port", "1"));
        assertEquals("true", value(commandLine, Setting.STRICT_MODEL_CONFIG));
        assertEquals("1", value(commandLine, Setting.HTTP_PORT));
    }

    @Test
    void booleanFlagTakesAFollowingBooleanWord() {
        assertEquals("false", value(CommandLine.parse(List.of("--allow-http", "false")), Setting.ALLOW_HTTP));
    }

    @Test
    void repeatedListFlagCollectsEveryValue() {
        CommandLine commandLine = CommandLine.parse(List.of("--model-repository=/a", "--model-repository", "/b"));
        assertEquals(List.of("/a", "/b"), value(commandLine, Setting.MODEL_REPOSITORY));
    }

    @Test
    void modelStoreIsAnAliasOfModelRepository() {
        assertEquals(List.of("/a"), value(CommandLine.parse(List.of("--model-store=/a")), Setting.MODEL_REPOSITORY));
    }

    @Test
    void originOfACommandLineValueIsTheFlag() {
        assertEquals("--http-port", CommandLine.parse(List.of("--http-port=1")).values().get(Setting.HTTP_PORT).origin());
    }

    @Test
    void unknownFlagIsRejectedByName() {
        ConfigException e = assertThrows(ConfigException.class, () -> CommandLine.parse(List.of("--no-such-flag=1")));
        assertEquals("unknown flag --no-such-flag", e.getMessage());
    }

    @Test
    void flagWithoutItsValueIsRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> CommandLine.parse(List.of("--http-port", "--metrics-port=1")));
        assertEquals("flag --http-port needs a value", e.getMessage());
    }

    @Test
    void argumentThatIsNoFlagIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> CommandLine.parse(List.of("models")));
        assertTrue(e.getMessage().contains("'models'"), e.getMessage());
    }

    @Test
    void helpIsRecognised() {
        assertTrue(CommandLine.parse(List.of("--help")).help());
    }

    @Test
    void configFileIsKeptApartFromTheSettings() {
        CommandLine commandLine = CommandLine.parse(List.of("--config-file", "my.yaml"));
        assertEquals("my.yaml", commandLine.configFile());
        assertTrue(commandLine.values().isEmpty());
    }

    @Test
    void noConfigFileByDefault() {
        assertNull(CommandLine.parse(List.of()).configFile());
    }
}

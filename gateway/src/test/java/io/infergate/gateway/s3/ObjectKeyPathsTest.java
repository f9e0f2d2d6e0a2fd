package io.infergate.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeyPathsTest {
    private static final String MODEL = "repo/simple/";

    @Test
    void aKeyBelowTheModelIsItsPathThere() throws IOException {
        assertEquals("1/model.onnx", ObjectKeyPaths.relativePath("repo/simple/1/model.onnx", MODEL));
    }

    @Test
    void aFolderMarkerKeepsItsSlash() throws IOException {
        assertEquals("1/", ObjectKeyPaths.relativePath("repo/simple/1/", MODEL));
        assertEquals("", ObjectKeyPaths.relativePath("repo/simple/", MODEL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"repo/simple/../other/config.pbtxt", "repo/simple/1/../../x", "repo/simple/..",
            "repo/simple/./x", "repo/simple//etc/passwd", "repo/simple/1//x", "repo/simple/a\\..\\b",
            "repo/simple/a\nb", "repo/other/x", "/repo/simple/x"})
    void anUnsafeKeyIsRefusedByName(String key) {
        IOException refused = assertThrows(IOException.class, () -> ObjectKeyPaths.relativePath(key, MODEL));
        assertTrue(refused.getMessage().startsWith("refused object key '"), refused.getMessage());
        assertTrue(refused.getMessage().indexOf('\n') < 0, "no line break reaches the log: " + refused.getMessage());
    }

    @Test
    void aKeyTooDeepIsRefused() {
        String deep = MODEL + "d/".repeat(ObjectKeyPaths.MAX_DEPTH) + "f";
        assertThrows(IOException.class, () -> ObjectKeyPaths.relativePath(deep, MODEL));
    }

    @Test
    void aKeyTooLongIsRefused() {
        String longKey = MODEL + "x".repeat(ObjectKeyPaths.MAX_KEY_LENGTH);
        assertThrows(IOException.class, () -> ObjectKeyPaths.relativePath(longKey, MODEL));
    }

    @Test
    void aPathIsResolvedInsideTheFolder() throws IOException {
        Path folder = Path.of("/cache/simple");
        assertEquals(folder.resolve("1/model.onnx"), ObjectKeyPaths.resolveInside(folder, "1/model.onnx"));
        assertThrows(IOException.class, () -> ObjectKeyPaths.resolveInside(folder, "../escape"));
    }
}

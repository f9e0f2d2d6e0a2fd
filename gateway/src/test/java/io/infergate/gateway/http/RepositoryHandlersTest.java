package io.infergate.gateway.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelLoadOverrides;
import io.infergate.engine.api.Status;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepositoryHandlersTest {

    @Test
    void emptyLoadBodyMeansNoOverrides() {
        assertTrue(RepositoryHandlers.loadOverrides(Buffer.buffer()).isEmpty());
    }

    @Test
    void configAndFilesAreDecoded() {
        String b64 = Base64.getEncoder().encodeToString(new byte[] {1, 2});
        ModelLoadOverrides o = RepositoryHandlers.loadOverrides(Buffer.buffer(
                "{\"parameters\":{\"config\":\"{}\",\"file:1/model.onnx\":\"" + b64 + "\"}}"));
        assertEquals("{}", o.configJson());
        assertArrayEquals(new byte[] {1, 2}, o.files().get("1/model.onnx"));
    }

    @Test
    void configMustBeAString() {
        assertThrows(InferenceException.class,
                () -> RepositoryHandlers.loadOverrides(Buffer.buffer("{\"parameters\":{\"config\":{}}}")));
    }

    @Test
    void filesWithoutConfigAreRefused() {
        assertThrows(InferenceException.class,
                () -> RepositoryHandlers.loadOverrides(Buffer.buffer("{\"parameters\":{\"file:1/a\":\"AA==\"}}")));
    }

    @Test
    void fileOverridePathTraversalIsRefused() {
        assertThrows(InferenceException.class, () -> RepositoryHandlers.loadOverrides(
                Buffer.buffer("{\"parameters\":{\"config\":\"{}\",\"file:1/../../x\":\"AA==\"}}")));
    }

    @Test
    void absoluteFileOverridePathIsRefused() {
        assertThrows(InferenceException.class, () -> RepositoryHandlers.loadOverrides(
                Buffer.buffer("{\"parameters\":{\"config\":\"{}\",\"file:/etc/x\":\"AA==\"}}")));
    }

    @Test
    void invalidBase64IsRefused() {
        assertThrows(InferenceException.class, () -> RepositoryHandlers.loadOverrides(
                Buffer.buffer("{\"parameters\":{\"config\":\"{}\",\"file:1/a\":\"***\"}}")));
    }

    @Test
    void unloadDependentsIsRead() {
        assertTrue(RepositoryHandlers.unloadDependents(
                Buffer.buffer("{\"parameters\":{\"unload_dependents\":true}}")));
        assertFalse(RepositoryHandlers.unloadDependents(Buffer.buffer("")));
    }

    @Test
    void readyFilterMustBeABooleanInTritonsWords() {
        InferenceException e = assertThrows(InferenceException.class,
                () -> RepositoryHandlers.readyFilter(Buffer.buffer("{\"ready\":\"yes\"}")));
        assertEquals(Status.INVALID_ARG, e.status());
        assertEquals("Invalid value for 'ready': expected a boolean", e.getMessage());
    }

    @Test
    void aModelNeverLoadedIsListedByItsNameAlone() {
        assertEquals(new JsonObject().put("name", "idle"),
                RepositoryHandlers.indexJson(List.of(ModelIndexEntry.nameOnly("idle"))).getJsonObject(0));
    }

    @Test
    void aFileOverridePathPartLongerThanAFileNameMayBeIsAnInvalidFilePath() {
        String key = "file:" + "A".repeat(256);
        InferenceException e = assertThrows(InferenceException.class, () -> RepositoryHandlers.loadOverrides(
                Buffer.buffer("{\"parameters\":{\"config\":\"{}\",\"" + key + "\":\"AA==\"}}")));
        assertEquals(Status.INVALID_ARG, e.status());
        assertEquals("Invalid file path '" + key.substring(0, 85) + "...' in the load parameters: a part of it is"
                + " longer than 255 bytes", e.getMessage());
    }

    @Test
    void indexLeavesOutEmptyVersionAndReason() {
        JsonArray json = RepositoryHandlers.indexJson(List.of(
                new ModelIndexEntry("a", "1", "READY", ""),
                new ModelIndexEntry("b", "", "UNAVAILABLE", "bad config")));
        assertNull(json.getJsonObject(0).getString("reason"));
        assertFalse(json.getJsonObject(1).containsKey("version"));
        assertEquals("bad config", json.getJsonObject(1).getString("reason"));
    }
}

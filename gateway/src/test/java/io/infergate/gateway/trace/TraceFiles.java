package io.infergate.gateway.trace;

import static io.infergate.testsupport.Await.eventually;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads Triton's trace files as the trace tests check them. */
final class TraceFiles {
    private TraceFiles() {
    }

    /** Every entry of the numbered files FILE.0 .. FILE.(count-1), waiting for the writer to make them. */
    static List<JsonObject> numbered(Path file, int count) {
        List<JsonObject> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.addAll(read(file.resolveSibling(file.getFileName() + "." + i)));
        }
        return entries;
    }

    /** The entries of one file, waiting for the writer to make it. */
    static List<JsonObject> read(Path file) {
        eventually(file + " written", () -> Files.exists(file) && Files.size(file) > 0);
        try {
            JsonArray array = new JsonArray(Files.readString(file));
            return array.stream().map(JsonObject.class::cast).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries that open a trace (id, model, parent). */
    static List<JsonObject> heads(List<JsonObject> entries) {
        return entries.stream().filter(e -> e.containsKey("model_name")).toList();
    }

    /** The timestamps of one trace, in the file's order. */
    static List<JsonObject> timestamps(List<JsonObject> entries, long id) {
        return entries.stream().filter(e -> e.getLong("id") == id && e.containsKey("timestamps"))
                .flatMap(e -> e.getJsonArray("timestamps").stream().map(JsonObject.class::cast)).toList();
    }

    /** The names of one trace's timestamps, in the file's order. */
    static List<String> pointNames(List<JsonObject> entries, long id) {
        return timestamps(entries, id).stream().map(t -> t.getString("name")).toList();
    }
}

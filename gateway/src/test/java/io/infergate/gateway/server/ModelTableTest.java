package io.infergate.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.engine.api.ModelIndexEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTableTest {

    @Test
    void rendersTritonsStartUpTable() {
        String table = ModelTable.render(List.of(
                new ModelIndexEntry("simple", "1", "READY", ""),
                new ModelIndexEntry("broken", "", "UNAVAILABLE", "no model.onnx\nin version 1")));
        assertEquals("""
                +--------+---------+-----------------------------------------+
                | Model  | Version | Status                                  |
                +--------+---------+-----------------------------------------+
                | simple | 1       | READY                                   |
                | broken |         | UNAVAILABLE: no model.onnx in version 1 |
                +--------+---------+-----------------------------------------+
                """, table);
    }
}

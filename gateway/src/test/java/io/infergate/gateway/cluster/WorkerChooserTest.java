package io.infergate.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerChooserTest {
    private final WorkerChooser chooser = new WorkerChooser();

    @Test
    void theWorkerWithFewestPendingRequestsIsChosen() {
        Map<String, Integer> pending = Map.of("a", 5, "b", 1, "c", 3);
        for (int i = 0; i < 5; i++) {
            assertEquals("b", chooser.choose(List.of("a", "b", "c"), pending::get));
        }
    }

    @Test
    void equallyLoadedWorkersTakeTurns() {
        Map<String, Integer> chosen = new HashMap<>();
        for (int i = 0; i < 9; i++) {
            chosen.merge(chooser.choose(List.of("a", "b", "c"), worker -> 0), 1, Integer::sum);
        }
        assertEquals(Map.of("a", 3, "b", 3, "c", 3), chosen);
    }
}

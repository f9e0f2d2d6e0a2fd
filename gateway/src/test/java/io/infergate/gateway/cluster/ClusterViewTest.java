package io.infergate.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.engine.api.ModelIndexEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the cluster makes of the models its workers list without having loaded them. */
class ClusterViewTest {

    private static ClusterView viewOf(NodeState... states) {
        ClusterView view = new ClusterView();
        for (NodeState state : states) {
            view.put(state);
        }
        return view;
    }

    @Test
    void aModelNoWorkerLoadedIsListedByNameAndDoesNotMakeTheClusterUnready() {
        ClusterView view = viewOf(new NodeState("w1", List.of(ModelIndexEntry.nameOnly("idle"),
                new ModelIndexEntry("broken", "1", "UNAVAILABLE", "bad file")), List.of()));
        assertEquals(List.of(new ModelIndexEntry("broken", "1", "UNAVAILABLE", "bad file"),
                ModelIndexEntry.nameOnly("idle")), view.index(false));
        assertEquals(List.of("broken"), view.modelsWithoutReadyWorker());
    }

    @Test
    void loadsGoToTheWorkersListingAModelAndRequestsCountOnlyThoseThatLoadedIt() {
        ClusterView view = viewOf(new NodeState("w1", List.of(ModelIndexEntry.nameOnly("m")), List.of()),
                new NodeState("w2", List.of(new ModelIndexEntry("m", "1", "UNAVAILABLE", "unloaded")), List.of()));
        assertEquals(List.of("w1", "w2"), view.workersListing("m"));
        assertEquals(List.of("w2"), view.workersThatLoaded("m"));
    }
}

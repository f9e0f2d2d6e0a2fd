package io.infergate.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelMetadata;
import io.infergate.engine.api.ModelMetadata.TensorMetadata;
import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelTransactionPolicy;
import io.infergate.gateway.cluster.NodeState.ServedVersion;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeStateJsonTest {

    @Test
    void aStateSurvivesTheTripThroughEncodedJson() {
        ModelConfig config = ModelConfig.newBuilder().setName("m").setMaxBatchSize(8)
                .setModelTransactionPolicy(ModelTransactionPolicy.newBuilder().setDecoupled(true)).build();
        ModelMetadata metadata = new ModelMetadata("m", List.of("1"), "identity",
                List.of(new TensorMetadata("IN", "FP32", new long[] {-1, 3})), List.of());
        ModelStatistics statistics = StatisticsSumTest.worker(7, 123, 1, 8);
        NodeState state = new NodeState("node-1", List.of(new ModelIndexEntry("m", "1", "READY", ""),
                new ModelIndexEntry("broken", "", "UNAVAILABLE", "no file")),
                List.of(new ServedVersion("m", "1", config, metadata, statistics)));

        NodeState read = NodeStateJson.read(new JsonObject(NodeStateJson.write(state).encode()));

        assertEquals(state.nodeId(), read.nodeId());
        assertEquals(state.index(), read.index());
        ServedVersion served = read.served().getFirst();
        assertEquals(config, served.config());
        assertEquals(true, served.decoupled());
        assertArrayEquals(new long[] {-1, 3}, served.metadata().inputs().getFirst().shape());
        assertEquals(statistics.inference(), served.statistics().inference());
        assertEquals(statistics.batches(), served.statistics().batches());
        assertArrayEquals(statistics.latencies().computeInfer().counts(), served.statistics().latencies().computeInfer()
                .counts());
        assertEquals(statistics.lastInference(), served.statistics().lastInference());
        assertEquals(statistics.responses(), served.statistics().responses());
    }
}

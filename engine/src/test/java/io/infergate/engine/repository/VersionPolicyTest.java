package io.infergate.engine.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.engine.config.proto.ModelConfigProto.ModelVersionPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionPolicyTest {
    private static final List<Long> ON_DISK = List.of(1L, 3L, 2L, 10L);

    @Test
    void defaultPolicyServesTheNewestVersion() {
        assertEquals(List.of(10L), VersionPolicy.select(ModelVersionPolicy.getDefaultInstance(), ON_DISK));
    }

    @Test
    void latestNServesTheNNewestAscending() {
        ModelVersionPolicy policy = ModelVersionPolicy.newBuilder()
                .setLatest(ModelVersionPolicy.Latest.newBuilder().setNumVersions(2)).build();
        assertEquals(List.of(3L, 10L), VersionPolicy.select(policy, ON_DISK));
    }

    @Test
    void allServesEveryVersion() {
        ModelVersionPolicy policy = ModelVersionPolicy.newBuilder().setAll(ModelVersionPolicy.All.getDefaultInstance())
                .build();
        assertEquals(List.of(1L, 2L, 3L, 10L), VersionPolicy.select(policy, ON_DISK));
    }

    @Test
    void specificKeepsMissingVersionsSoTheirLoadFailsVisibly() {
        ModelVersionPolicy policy = ModelVersionPolicy.newBuilder()
                .setSpecific(ModelVersionPolicy.Specific.newBuilder().addVersions(2).addVersions(7)).build();
        assertEquals(List.of(2L, 7L), VersionPolicy.select(policy, ON_DISK));
    }
}

package io.infergate.engine.repository;

import io.infergate.engine.config.proto.ModelConfigProto.ModelVersionPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** Triton's version policies: the latest N versions (default 1), all, or specific ones. */
public final class VersionPolicy {
    private VersionPolicy() {
    }

    /**
     * The versions a model should serve, ascending.
     *
     * @param policy    the config's policy (unset means latest 1)
     * @param available the numeric version folders on disk
     * @return the versions to load; a specific version missing on disk is returned too, so its
     *         load fails visibly instead of being skipped silently
     */
    public static List<Long> select(ModelVersionPolicy policy, List<Long> available) {
        TreeSet<Long> sorted = new TreeSet<>(available);
        return switch (policy.getPolicyChoiceCase()) {
            case ALL -> new ArrayList<>(sorted);
            case SPECIFIC -> policy.getSpecific().getVersionsList().stream().distinct().sorted().toList();
            case LATEST -> latest(sorted, Math.max(1, policy.getLatest().getNumVersions()));
            case POLICYCHOICE_NOT_SET -> latest(sorted, 1);
        };
    }

    private static List<Long> latest(TreeSet<Long> sorted, int count) {
        return sorted.descendingSet().stream().limit(count).sorted(Comparator.naturalOrder()).toList();
    }
}

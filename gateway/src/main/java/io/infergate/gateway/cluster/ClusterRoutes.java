package io.infergate.gateway.cluster;

import io.infergate.engine.api.ModelStatistics;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a gateway's HTTP service adds: {@code GET /v2/cluster} (members, workers, per-worker
 * statistics), and a readiness answer that says why the cluster is not ready or which members
 * it lost (Triton's empty body when there is nothing to say).
 */
final class ClusterRoutes {
    private final ClusterMembership membership;
    private final ClusterView view;
    private final ClusterRouter router;
    private final ClusterModels models;

    private ClusterRoutes(ClusterMembership membership, ClusterView view, ClusterRouter router, ClusterModels models) {
        this.membership = membership;
        this.view = view;
        this.router = router;
        this.models = models;
    }

    static Consumer<Router> mount(ClusterMembership membership, ClusterView view, ClusterRouter router,
            ClusterModels models) {
        ClusterRoutes routes = new ClusterRoutes(membership, view, router, models);
        return http -> {
            // order -1: ahead of the frontend's own readiness route
            http.get("/v2/health/ready").order(-1).handler(routes::ready);
            http.get("/v2/cluster").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                    .end(routes.describe().encode()));
        };
    }

    private void ready(RoutingContext ctx) {
        boolean ready = models.isReady();
        List<String> issues = models.readinessIssues();
        ctx.response().setStatusCode(ready ? 200 : 400);
        if (issues.isEmpty()) {
            ctx.response().end();
        } else {
            ctx.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("ready", ready).put("issues", issues).encode());
        }
    }

    /** Members, workers and each worker's own statistics. */
    private JsonObject describe() {
        JsonObject workers = new JsonObject();
        Map<String, List<ModelStatistics>> byNode = view.byNode("", "");
        for (NodeState node : view.workers()) {
            List<JsonObject> statistics = byNode.getOrDefault(node.nodeId(), List.of()).stream()
                    .map(s -> new JsonObject().put("name", s.name()).put("version", s.version())
                            .put("inference_count", s.inferenceCount()).put("execution_count", s.executionCount())
                            .put("pending", s.pendingRequests()).put("success_count", s.inference().success().count())
                            .put("fail_count", s.inference().fail().count()))
                    .toList();
            workers.put(node.nodeId(), new JsonObject().put("pending_from_here", router.pendingOn(node.nodeId()))
                    .put("model_stats", statistics));
        }
        return new JsonObject().put("node", membership.localNodeId())
                .put("members", new ArrayList<>(membership.members()))
                .put("workers", workers)
                .put("issues", models.readinessIssues());
    }
}

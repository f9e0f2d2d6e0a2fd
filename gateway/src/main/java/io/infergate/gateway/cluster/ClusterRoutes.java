package io.infergate.gateway.cluster;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a gateway's HTTP service adds: {@code GET /v2/cluster} (members, workers, per-worker
 * statistics), and a readiness answer that says why the cluster is not ready or which members
 * it lost (Triton's empty body when there is nothing to say).
 */
public final class ClusterRoutes {
    private ClusterRoutes() {
    }

    public static Consumer<Router> mount(ClusterEngine engine) {
        return router -> {
            // order -1: ahead of the frontend's own readiness route
            router.get("/v2/health/ready").order(-1).handler(ctx -> ready(ctx, engine));
            router.get("/v2/cluster").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                    .end(engine.describe().encode()));
        };
    }

    private static void ready(RoutingContext ctx, ClusterEngine engine) {
        boolean ready = engine.isReady();
        List<String> issues = engine.readinessIssues();
        ctx.response().setStatusCode(ready ? 200 : 400);
        if (issues.isEmpty()) {
            ctx.response().end();
        } else {
            ctx.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("ready", ready).put("issues", issues).encode());
        }
    }
}

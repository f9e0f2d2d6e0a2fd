package io.infergate.gateway.http;

import io.infergate.gateway.protocol.NoCudaSharedMemory;
import io.vertx.ext.web.RoutingContext;

/** {@code /v2/cudasharedmemory}: a server without CUDA shared memory ({@link NoCudaSharedMemory}). */
final class CudaSharedMemoryHandlers {
    private CudaSharedMemoryHandlers() {
    }

    static void status(RoutingContext ctx) {
        String name = ctx.pathParam("r");
        if (name != null) {
            ErrorResponses.send(ctx.request(), NoCudaSharedMemory.unknownRegion(name));
            return;
        }
        ctx.response().putHeader("Content-Type", "application/json").end("[]");
    }

    static void register(RoutingContext ctx) {
        ErrorResponses.send(ctx.request(), NoCudaSharedMemory.registerRefused());
    }

    static void unregister(RoutingContext ctx) {
        ctx.response().setStatusCode(200).end();
    }
}

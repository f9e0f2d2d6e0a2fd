package io.infergate.gateway.http;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.api.SharedMemoryRegionStatus;
import io.infergate.engine.api.SharedMemoryRegions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.math.BigInteger;
import java.util.concurrent.Callable;

/**
 * Triton's system shared-memory extension: {@code GET /v2/systemsharedmemory[/region/{r}]/status},
 * {@code POST .../region/{r}/register} and {@code POST /v2/systemsharedmemory[/region/{r}]/unregister}.
 * The engine's registry does the work; registering and unregistering map and unmap files, so they
 * run on a worker thread.
 */
final class SharedMemoryHandlers {
    private final SharedMemoryRegions regions;
    private final long maxInputSize;

    SharedMemoryHandlers(SharedMemoryRegions regions, long maxInputSize) {
        this.regions = regions;
        this.maxInputSize = maxInputSize;
    }

    /** Triton's JSON: an array of {name, key, offset, byte_size}. */
    void status(RoutingContext ctx) {
        JsonArray array = new JsonArray();
        try {
            for (SharedMemoryRegionStatus region : regions.status(region(ctx))) {
                array.add(new JsonObject().put("name", region.name()).put("key", region.key())
                        .put("offset", region.offset()).put("byte_size", region.byteSize()));
            }
        } catch (RuntimeException e) {
            ErrorResponses.send(ctx.request(), e);
            return;
        }
        ctx.response().putHeader("Content-Type", "application/json").end(array.encode());
    }

    void register(RoutingContext ctx) {
        String name = region(ctx);
        answer(ctx, body -> {
            Registration registration = Registration.read(name, body);
            return () -> regions.register(name, registration.key(), registration.offset(), registration.byteSize());
        });
    }

    /**
     * What a register request asks for, from its body {@code {"key": "/name", "offset": 0, "byte_size": n}}
     * (offset optional); the registry checks the values themselves.
     */
    record Registration(String key, long offset, long byteSize) {
        /** INVALID_ARG naming the region when the body is not that JSON. */
        static Registration read(String name, Buffer body) {
            JsonObject json = JsonBodies.parseObject(body);
            String owner = "failed to register shared memory region '" + name + "'";
            if (!(json.getValue("key") instanceof String key)) {
                throw invalid(owner + ": 'key' must be a string");
            }
            long offset = json.containsKey("offset") ? integer(owner, "offset", json.getValue("offset")) : 0;
            long byteSize = integer(owner, "byte_size", json.getValue("byte_size"));
            return new Registration(key, offset, byteSize);
        }
    }

    /** One region, or all of them when the path names none. */
    void unregister(RoutingContext ctx) {
        String name = region(ctx);
        answer(ctx, body -> name.isEmpty() ? regions::unregisterAll : () -> regions.unregister(name));
    }

    /** What a request asks of the registry, from its body. */
    private interface Change {
        Runnable from(Buffer body);
    }

    /** Reads the body, makes the change on a worker thread, answers 200 with an empty body or the error. */
    private void answer(RoutingContext ctx, Change change) {
        HttpServerRequest request = ctx.request();
        RequestBodies.read(request, maxInputSize)
                .map(change::from)
                .compose(work -> ctx.vertx().executeBlocking(asCallable(work), false))
                .onSuccess(v -> request.response().setStatusCode(200).end())
                .onFailure(e -> ErrorResponses.send(request, e));
    }

    private static Callable<Void> asCallable(Runnable work) {
        return () -> {
            work.run();
            return null;
        };
    }

    private static long integer(String owner, String key, Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger) {
            throw invalid(owner + ": '" + key + "' " + value + " is beyond 2^63-1");
        }
        throw invalid(owner + ": '" + key + "' must be an integer, got " + value);
    }

    private static String region(RoutingContext ctx) {
        String name = ctx.pathParam("r");
        return name == null ? "" : name;
    }
}

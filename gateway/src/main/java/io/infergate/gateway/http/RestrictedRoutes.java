package io.infergate.gateway.http;

import io.infergate.gateway.security.ApiTable;
import io.infergate.gateway.security.RestrictedApis;
import io.infergate.gateway.security.Restriction;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code --http-restricted-api}: before any route reads the request, one that belongs to a
 * restricted category and lacks the header (or carries another value) is answered 403 with
 * Triton's message.
 */
final class RestrictedRoutes implements Handler<RoutingContext> {
    private final RestrictedApis restricted;

    private RestrictedRoutes(RestrictedApis restricted) {
        this.restricted = restricted;
    }

    /** Puts the check in front of every route, the ones added later (the cluster's) included. */
    static void install(Router router, RestrictedApis restricted) {
        if (!restricted.isEmpty()) {
            router.route().order(Integer.MIN_VALUE).handler(new RestrictedRoutes(restricted));
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        Optional<Restriction> restriction = ApiTable.ofHttpPath(routedPath(ctx)).flatMap(restricted::of);
        if (restriction.isPresent() && !restriction.get().allows(ctx.request().getHeader(restriction.get().key()))) {
            ErrorResponses.sendUnread(ctx.request(), 403,
                    "This API is restricted, expecting header '" + restriction.get().key() + "'");
            return;
        }
        ctx.next();
    }

    /**
     * The path as the router matches it: normalized ('//', '.', '..' and escaped unreserved
     * characters resolved) and without a trailing '/', so that no spelling of a restricted path
     * slips past the check and still reaches its handler.
     */
    private static String routedPath(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}

package io.infergate.engine.scheduler;

import io.infergate.engine.cache.ResponseCache;
import io.infergate.engine.ratelimit.RateLimiter;

/**
 * What the schedulers of every model share, created once per engine.
 *
 * @param responseCache the server's response cache, or null without {@code --cache-config}
 * @param rateLimiter   the server's rate limiter, or null when {@code --rate-limit} is off
 */
public record SharedScheduling(ResponseCache responseCache, RateLimiter rateLimiter) {
}

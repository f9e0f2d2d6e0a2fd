package io.infergate.engine.scheduler;

import io.infergate.engine.cache.ResponseCache;

/**
 * What the schedulers of every model share, created once per engine.
 *
 * @param responseCache the server's response cache, or null without {@code --cache-config}
 */
public record SharedScheduling(ResponseCache responseCache) {
}

/**
 * Triton's response cache ({@code --cache-config local,size=BYTES} and {@code response_cache} per
 * model): answers a request from an earlier identical request's response, bounded by bytes,
 * least recently used first out. Keys are SHA-256 digests of a canonical encoding of the request.
 */
package io.infergate.engine.cache;

/**
 * Triton's rate limiter ({@code --rate-limit=execution_count}): model instances that name
 * resources in {@code instance_group.rate_limiter} execute only while those resources are free,
 * across every model of the server, and their priorities weight who goes next.
 */
package io.infergate.engine.ratelimit;

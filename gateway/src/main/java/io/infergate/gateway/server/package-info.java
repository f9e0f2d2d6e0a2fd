/**
 * Server bootstrap: a metered Vert.x, the engine, the HTTP frontend and the metrics endpoint started
 * and closed together by {@link io.infergate.gateway.server.InfergateServer}, used by {@code Main}
 * and by end-to-end tests that start the server in-process on port 0.
 */
package io.infergate.gateway.server;

/**
 * The client side of the tool: model metadata, generated or file inputs, requests over a
 * protocol ({@link io.infergate.perf.client.InferClient}) and the server's statistics.
 */
package io.infergate.perf.client;

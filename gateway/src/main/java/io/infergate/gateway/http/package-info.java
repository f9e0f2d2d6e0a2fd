/**
 * The HTTP/REST frontend: KServe v2 plus Triton's extensions (binary tensor data, classification,
 * model configuration, model repository, statistics, parameters, generate with Server-Sent
 * Events) over vertx-web. It only speaks the wire format: bodies are read with size limits,
 * decoded into engine records and the engine's answers encoded back; every rule about models
 * lives in the engine. {@link io.infergate.gateway.http.HttpFrontend} is the entry point.
 */
package io.infergate.gateway.http;

/**
 * Triton model configurations ({@code config.pbtxt}) as protobuf messages.
 *
 * <p>The schema in {@code model_config.proto} mirrors Triton's field for field, so existing model
 * repositories load without edits and the configuration API returns the JSON Triton clients
 * already understand. This package reads configurations from text and JSON, prints them as
 * Triton-style JSON, and maps their data types to the engine's tensor types.
 */
package io.infergate.engine.config;

/**
 * The event bus between the engine and the model verticles: addresses, by-reference codecs,
 * delivery options. What callers need of it (a sink that delivers on the caller's context,
 * reading a failed reply back as an InferenceException) is in the api package.
 */
package io.infergate.engine.bus;

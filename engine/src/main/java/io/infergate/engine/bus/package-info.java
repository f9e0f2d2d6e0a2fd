/**
 * How requests and answers cross threads: the event bus between the engine and the model
 * verticles (addresses, by-reference codecs, delivery options, turning a bus failure back into
 * an InferenceException) and sinks that deliver on the caller's context.
 */
package io.infergate.engine.bus;

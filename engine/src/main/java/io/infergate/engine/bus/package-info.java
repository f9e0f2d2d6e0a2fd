/**
 * Event-bus plumbing between frontends and model verticles: addresses and the codecs that pass
 * requests by reference inside one JVM.
 */
package io.infergate.engine.bus;

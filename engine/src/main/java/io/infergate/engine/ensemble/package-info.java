/**
 * Ensembles ({@code platform: "ensemble"}): the load-time plan of steps and tensors, and the
 * scheduler that runs each request's steps through the engine as a data-flow graph.
 */
package io.infergate.engine.ensemble;

/**
 * Loading and unloading models, above the schedulers: reading and completing a configuration
 * ({@link io.infergate.engine.lifecycle.ModelConfigResolver}), creating each version's instances
 * ({@link io.infergate.engine.lifecycle.ModelLoader}), starting the scheduler each version needs
 * and retiring old versions ({@link io.infergate.engine.lifecycle.ModelLifecycle}), and the order
 * in which startup loads models ({@link io.infergate.engine.lifecycle.StartupOrder}).
 */
package io.infergate.engine.lifecycle;

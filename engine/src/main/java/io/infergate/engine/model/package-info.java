/**
 * Models at run time: loading (configuration, versions, instances), the registry that routes
 * requests to ready versions, the one set of request rules, and the scheduler verticle that runs
 * each version's requests on its instances.
 */
package io.infergate.engine.model;

/**
 * Clustered deployment: gateways and workers on one Hazelcast-clustered Vert.x event bus.
 * Workers publish which models they serve ({@link io.infergate.gateway.cluster.WorkerEndpoint});
 * every node keeps a view of them ({@link io.infergate.gateway.cluster.WorkerStates} feeds
 * {@link io.infergate.gateway.cluster.ClusterView}), routes each request to the ready worker with
 * the fewest pending requests ({@link io.infergate.gateway.cluster.ClusterRouter}) and answers
 * about the cluster's models, sending loads and unloads to the workers
 * ({@link io.infergate.gateway.cluster.ClusterModels}); {@link io.infergate.gateway.cluster.ClusterNode}
 * puts the parts together. Requests and responses cross nodes as
 * KServe protobuf messages ({@link io.infergate.gateway.kserve}, the gRPC frontend's too, through
 * {@link io.infergate.gateway.cluster.ProtobufWireCodec}); a member that
 * leaves has its stateless requests sent to another worker and fails the others it held
 * ({@link io.infergate.gateway.cluster.ClusterMembership}, {@link io.infergate.gateway.cluster.PendingCalls}).
 */
package io.infergate.gateway.cluster;

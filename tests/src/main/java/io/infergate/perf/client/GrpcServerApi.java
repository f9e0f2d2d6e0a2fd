package io.infergate.perf.client;

import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.ModelConfigRequest;
import io.infergate.gateway.kserve.proto.ModelMetadataRequest;
import io.infergate.gateway.kserve.proto.ModelMetadataResponse;
import io.infergate.gateway.kserve.proto.ModelStatistics;
import io.infergate.gateway.kserve.proto.ModelStatisticsRequest;
import io.infergate.gateway.kserve.proto.StatisticDuration;
import io.infergate.perf.PerfException;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.ServiceMethod;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The gRPC calls around the load: ModelMetadata and ModelConfig before it, ModelStatistics between windows. */
public final class GrpcServerApi implements ServerApi {
    private static final long TIMEOUT_SECONDS = 30;

    private final GrpcClient client;
    private final SocketAddress server;
    private final String model;
    private final String version;

    public GrpcServerApi(GrpcClient client, SocketAddress server, String model, String version) {
        this.client = client;
        this.server = server;
        this.model = model;
        this.version = version;
    }

    @Override
    public ModelInfo modelInfo() {
        ModelMetadataResponse metadata = call(GRPCInferenceServiceGrpcClient.ModelMetadata,
                ModelMetadataRequest.newBuilder().setName(model).setVersion(version).build());
        ModelConfig config = call(GRPCInferenceServiceGrpcClient.ModelConfig,
                ModelConfigRequest.newBuilder().setName(model).setVersion(version).build()).getConfig();
        int maxBatch = config.getMaxBatchSize();
        List<TensorSpec> inputs = metadata.getInputsList().stream().map(input -> TensorSpec.fromMetadata(
                input.getName(), input.getDatatype(), input.getShapeList(), maxBatch > 0)).toList();
        return new ModelInfo(metadata.getName(), metadata.getVersionsCount() == 0 ? "" : metadata.getVersions(0),
                maxBatch, config.getModelTransactionPolicy().getDecoupled(), inputs);
    }

    @Override
    public ServerStats snapshot() {
        ServerStats total = ServerStats.NONE;
        for (ModelStatistics s : call(GRPCInferenceServiceGrpcClient.ModelStatistics,
                ModelStatisticsRequest.newBuilder().setName(model).setVersion(version).build()).getModelStatsList()) {
            var i = s.getInferenceStats();
            total = total.plus(new ServerStats(duration(i.getSuccess()), duration(i.getQueue()),
                    duration(i.getComputeInput()), duration(i.getComputeInfer()), duration(i.getComputeOutput())));
        }
        return total;
    }

    private static ServerStats.Duration duration(StatisticDuration d) {
        return new ServerStats.Duration(d.getCount(), d.getNs());
    }

    private <Q, R> R call(ServiceMethod<R, Q> method, Q request) {
        Future<R> reply = client.request(server, method).compose(call -> call.end(request)
                .compose(v -> call.response()).compose(response -> response.last()));
        try {
            return reply.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            String message = String.valueOf(e.getCause().getMessage());
            throw new PerfException(e.getCause() instanceof java.net.ConnectException
                    || message.contains("Connection refused")
                    ? "cannot reach the server at " + server + " (" + message + ")"
                    : method.methodName() + " of " + model + ": " + message);
        } catch (Exception e) {
            throw new PerfException(method.methodName() + " on " + server + ": " + e);
        }
    }
}

"""An independent gRPC client of Infergate: Python's grpcio (gRPC C-core, the transport under
tritonclient.grpc) with messages built at run time from the server's own descriptor set, so no
generated code is needed. One check per invocation; exit status 0 means it held.

usage: grpcio_client.py DESCRIPTOR_SET HOST:PORT CHECK
"""
import struct
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

SERVICE = "/inference.GRPCInferenceService/"


def message_classes(descriptor_set):
    files = descriptor_pb2.FileDescriptorSet()
    with open(descriptor_set, "rb") as f:
        files.ParseFromString(f.read())
    pool = descriptor_pool.DescriptorPool()
    for file in files.file:
        pool.Add(file)

    def cls(name):
        descriptor = pool.FindMessageTypeByName(name)
        if hasattr(message_factory, "GetMessageClass"):
            return message_factory.GetMessageClass(descriptor)
        return message_factory.MessageFactory(pool).GetPrototype(descriptor)

    return cls


class Client:
    def __init__(self, descriptor_set, target):
        self.cls = message_classes(descriptor_set)
        self.channel = grpc.insecure_channel(target)

    def unary(self, method, request_type, response_type, compression=None, **fields):
        call = self.channel.unary_unary(
            SERVICE + method if "/" not in method else method,
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=self.cls(response_type).FromString)
        return call(self.cls(request_type)(**fields), timeout=20, compression=compression)

    def infer_request(self, model, inputs, request_id=""):
        request = self.cls("inference.ModelInferRequest")(model_name=model, id=request_id)
        for name, datatype, shape, raw in inputs:
            tensor = request.inputs.add()
            tensor.name, tensor.datatype = name, datatype
            tensor.shape.extend(shape)
            request.raw_input_contents.append(raw)
        return request

    def infer(self, request, compression=None):
        call = self.channel.unary_unary(
            SERVICE + "ModelInfer", request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=self.cls("inference.ModelInferResponse").FromString)
        return call(request, timeout=20, compression=compression)


def int32s(values):
    return struct.pack("<%di" % len(values), *values)


def read_int32s(raw):
    return list(struct.unpack("<%di" % (len(raw) // 4), raw))


def strings(values):
    return b"".join(struct.pack("<I", len(v)) + v for v in (s.encode() for s in values))


def read_strings(raw):
    values, at = [], 0
    while at < len(raw):
        (length,) = struct.unpack_from("<I", raw, at)
        values.append(raw[at + 4:at + 4 + length].decode())
        at += 4 + length
    return values


def output(response, name):
    for i, tensor in enumerate(response.outputs):
        if tensor.name == name:
            return response.raw_output_contents[i]
    raise AssertionError("no output %s in %s" % (name, response))


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def check_health(client):
    expect(client.unary("ServerLive", "inference.ServerLiveRequest", "inference.ServerLiveResponse").live,
           "server not live")
    expect(client.unary("ServerReady", "inference.ServerReadyRequest", "inference.ServerReadyResponse").ready,
           "server not ready")
    expect(client.unary("ModelReady", "inference.ModelReadyRequest", "inference.ModelReadyResponse",
                        name="simple").ready, "simple not ready")
    serving = client.unary("/grpc.health.v1.Health/Check", "grpc.health.v1.HealthCheckRequest",
                           "grpc.health.v1.HealthCheckResponse")
    expect(serving.status == 1, "health check says %s" % serving.status)


def check_metadata(client):
    server = client.unary("ServerMetadata", "inference.ServerMetadataRequest", "inference.ServerMetadataResponse")
    expect(server.name and server.version, "server metadata: %s" % server)
    model = client.unary("ModelMetadata", "inference.ModelMetadataRequest", "inference.ModelMetadataResponse",
                         name="simple")
    expect([(t.name, t.datatype, list(t.shape)) for t in model.inputs]
           == [("INPUT0", "INT32", [-1, 16]), ("INPUT1", "INT32", [-1, 16])], "model metadata: %s" % model)
    config = client.unary("ModelConfig", "inference.ModelConfigRequest", "inference.ModelConfigResponse",
                          name="simple").config
    expect(config.name == "simple" and config.max_batch_size == 8, "model config: %s" % config)


def simple_request(client):
    return client.infer_request("simple", [("INPUT0", "INT32", [1, 16], int32s(list(range(16)))),
                                           ("INPUT1", "INT32", [1, 16], int32s([1] * 16))])


def assert_simple(response):
    expect(read_int32s(output(response, "OUTPUT0")) == [i + 1 for i in range(16)], "OUTPUT0: %s" % response)
    expect(read_int32s(output(response, "OUTPUT1")) == [i - 1 for i in range(16)], "OUTPUT1: %s" % response)


def check_infer(client):
    assert_simple(client.infer(simple_request(client)))


def check_infer_gzip(client):
    assert_simple(client.infer(simple_request(client), compression=grpc.Compression.Gzip))


def check_infer_bytes(client):
    request = client.infer_request("simple_string", [
        ("INPUT0", "BYTES", [1, 16], strings([str(i) for i in range(16)])),
        ("INPUT1", "BYTES", [1, 16], strings(["3"] * 16))])
    response = client.infer(request)
    expect(read_strings(output(response, "OUTPUT0")) == [str(i + 3) for i in range(16)], "%s" % response)


def check_unknown_model(client):
    try:
        client.infer(client.infer_request("no_such_model", [("X", "INT32", [1], int32s([1]))]))
    except grpc.RpcError as error:
        expect(error.code() == grpc.StatusCode.NOT_FOUND, "status %s" % error.code())
        expect("no_such_model" in error.details(), "details: %s" % error.details())
        return
    raise AssertionError("an unknown model was answered")


def check_statistics(client):
    client.infer(simple_request(client))
    stats = client.unary("ModelStatistics", "inference.ModelStatisticsRequest", "inference.ModelStatisticsResponse",
                         name="simple")
    expect(stats.model_stats[0].inference_stats.success.count >= 1, "statistics: %s" % stats)


def check_stream_decoupled(client):
    """repeat_int32 over ModelStreamInfer: one response per element, then the empty final one."""
    values = [4, 5, 6]
    request = client.infer_request("repeat_int32", [
        ("IN", "INT32", [len(values)], int32s(values)),
        ("DELAY", "UINT32", [len(values)], struct.pack("<3I", 0, 0, 0)),
        ("WAIT", "UINT32", [1], struct.pack("<I", 0))], request_id="r1")
    request.parameters["triton_enable_empty_final_response"].bool_param = True
    stream = client.channel.stream_stream(
        SERVICE + "ModelStreamInfer", request_serializer=lambda m: m.SerializeToString(),
        response_deserializer=client.cls("inference.ModelStreamInferResponse").FromString)
    seen = []
    for response in stream(iter([request]), timeout=20):
        expect(not response.error_message, response.error_message)
        infer = response.infer_response
        expect(infer.id == "r1", "id %s" % infer.id)
        if infer.parameters["triton_final_response"].bool_param:
            break
        seen.append(read_int32s(output(infer, "OUT"))[0])
    expect(seen == values, "streamed %s" % seen)


CHECKS = {name[len("check_"):]: fn for name, fn in globals().items() if name.startswith("check_")}

if __name__ == "__main__":
    descriptor_set, target, check = sys.argv[1:4]
    CHECKS[check](Client(descriptor_set, target))
    print("ok", check)

"""NVIDIA's Python client (tritonclient[all] from PyPI) against Infergate serving Triton's example
repository: HTTP, gRPC and their asyncio variants, written to tritonclient's documented API. One
check per invocation; exit status 0 means it held, and what was seen is printed either way.

usage: tritonclient_checks.py HTTP_HOST:PORT GRPC_HOST:PORT CHECK
"""
import asyncio
import queue
import sys
from collections import namedtuple

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.grpc.aio as grpcaio
import tritonclient.http as httpclient
import tritonclient.http.aio as httpaio
from tritonclient.utils import InferenceServerException

TIMEOUT_S = 20
Urls = namedtuple("Urls", "http grpc")

INPUT0 = np.arange(16, dtype=np.int32).reshape(1, 16)
INPUT1 = np.full((1, 16), 3, dtype=np.int32)


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def http(urls, **options):
    return httpclient.InferenceServerClient(urls.http, network_timeout=TIMEOUT_S, **options)


def grpc(urls):
    return grpcclient.InferenceServerClient(urls.grpc)


def simple_inputs(client_module, **data_options):
    """The two INT32 [1, 16] inputs of `simple`, as InferInputs of the HTTP or the gRPC module;
    data_options go to set_data_from_numpy (HTTP: binary_data=False sends JSON)."""
    inputs = [client_module.InferInput("INPUT0", [1, 16], "INT32"),
              client_module.InferInput("INPUT1", [1, 16], "INT32")]
    inputs[0].set_data_from_numpy(INPUT0, **data_options)
    inputs[1].set_data_from_numpy(INPUT1, **data_options)
    return inputs


def expect_sum_and_difference(result):
    output0, output1 = result.as_numpy("OUTPUT0"), result.as_numpy("OUTPUT1")
    print("OUTPUT0", output0, "OUTPUT1", output1)
    expect(output0.dtype == np.int32 and output0.shape == (1, 16), "OUTPUT0 %s %s" % (output0.dtype, output0.shape))
    expect(np.array_equal(output0, INPUT0 + INPUT1), "OUTPUT0 is not INPUT0 + INPUT1")
    expect(np.array_equal(output1, INPUT0 - INPUT1), "OUTPUT1 is not INPUT0 - INPUT1")


def check_http_simple_binary(urls):
    outputs = [httpclient.InferRequestedOutput(name, binary_data=True) for name in ("OUTPUT0", "OUTPUT1")]
    expect_sum_and_difference(http(urls).infer("simple", simple_inputs(httpclient), outputs=outputs))


def check_http_simple_json(urls):
    outputs = [httpclient.InferRequestedOutput(name, binary_data=False) for name in ("OUTPUT0", "OUTPUT1")]
    expect_sum_and_difference(
        http(urls).infer("simple", simple_inputs(httpclient, binary_data=False), outputs=outputs))


def check_grpc_simple(urls):
    expect_sum_and_difference(grpc(urls).infer("simple", simple_inputs(grpcclient), client_timeout=TIMEOUT_S))


def check_http_gzip_both_ways(urls):
    result = http(urls).infer("simple", simple_inputs(httpclient), request_compression_algorithm="gzip",
                              response_compression_algorithm="gzip")
    expect_sum_and_difference(result)


def check_http_classification(urls):
    """The top 3 of OUTPUT0 = [3 .. 18] are its last three elements, as "value:index" strings."""
    outputs = [httpclient.InferRequestedOutput("OUTPUT0", class_count=3)]
    classes = http(urls).infer("simple", simple_inputs(httpclient), outputs=outputs).as_numpy("OUTPUT0")
    print("OUTPUT0 classes", classes)
    expect(classes.shape == (1, 3), "shape %s" % (classes.shape,))
    expect([entry.split(b":")[1] for entry in classes[0]] == [b"15", b"14", b"13"], "classes %s" % classes)


def string_inputs(client_module):
    """`simple_string` adds and subtracts numbers written as strings: BYTES [1, 16] each."""
    inputs = [client_module.InferInput("INPUT0", [1, 16], "BYTES"),
              client_module.InferInput("INPUT1", [1, 16], "BYTES")]
    inputs[0].set_data_from_numpy(np.array([[str(v).encode() for v in INPUT0[0]]], dtype=np.object_))
    inputs[1].set_data_from_numpy(np.array([[str(v).encode() for v in INPUT1[0]]], dtype=np.object_))
    return inputs


def expect_string_sum_and_difference(result):
    output0, output1 = result.as_numpy("OUTPUT0"), result.as_numpy("OUTPUT1")
    print("OUTPUT0", output0, "OUTPUT1", output1)
    expect(output0.dtype == np.object_ and output0.shape == (1, 16), "OUTPUT0 %s %s" % (output0.dtype, output0.shape))
    expect([int(v) for v in output0[0]] == list(INPUT0[0] + INPUT1[0]), "OUTPUT0 is not INPUT0 + INPUT1")
    expect([int(v) for v in output1[0]] == list(INPUT0[0] - INPUT1[0]), "OUTPUT1 is not INPUT0 - INPUT1")


def check_http_simple_string(urls):
    expect_string_sum_and_difference(http(urls).infer("simple_string", string_inputs(httpclient)))


def check_grpc_simple_string(urls):
    expect_string_sum_and_difference(
        grpc(urls).infer("simple_string", string_inputs(grpcclient), client_timeout=TIMEOUT_S))


def health_and_metadata(client):
    """Checks the health calls of either client; returns the server's and `simple`'s metadata."""
    expect(client.is_server_live() and client.is_server_ready(), "server not live or not ready")
    expect(client.is_model_ready("simple"), "simple not ready")
    server, model = client.get_server_metadata(), client.get_model_metadata("simple")
    print(server, model, sep="\n")
    return server, model


def expect_simple_metadata(server_fields, inputs, versions):
    expect(all(server_fields), "server metadata without name, version or extensions")
    expect(inputs == [("INPUT0", "INT32", [-1, 16]), ("INPUT1", "INT32", [-1, 16])], "model metadata inputs")
    expect(versions == ["1"], "model versions")


def check_http_health_and_metadata(urls):
    server, model = health_and_metadata(http(urls))
    expect_simple_metadata((server["name"], server["version"], server["extensions"]),
                           [(t["name"], t["datatype"], t["shape"]) for t in model["inputs"]], model["versions"])


def check_grpc_health_and_metadata(urls):
    server, model = health_and_metadata(grpc(urls))
    expect_simple_metadata((server.name, server.version, server.extensions),
                           [(t.name, t.datatype, list(t.shape)) for t in model.inputs], list(model.versions))


def check_http_model_config(urls):
    config = http(urls).get_model_config("simple")
    print(config)
    expect(config["name"] == "simple" and config["max_batch_size"] == 8, "name or max_batch_size")
    expect([(t["name"], t["data_type"], t["dims"]) for t in config["input"]]
           == [("INPUT0", "TYPE_INT32", [16]), ("INPUT1", "TYPE_INT32", [16])], "inputs")


def check_grpc_model_config(urls):
    config = grpc(urls).get_model_config("simple").config
    print(config)
    expect(config.name == "simple" and config.max_batch_size == 8, "name or max_batch_size")
    expect([(t.name, t.data_type, list(t.dims)) for t in config.input]
           == [("INPUT0", grpcclient.model_config_pb2.TYPE_INT32, [16]),
               ("INPUT1", grpcclient.model_config_pb2.TYPE_INT32, [16])], "inputs")


def expect_examples_ready(ready):
    missing = {"simple", "simple_string", "repeat_int32"} - ready
    expect(not missing, "not READY in the repository index: %s" % missing)


def check_http_repository_index(urls):
    index = http(urls).get_model_repository_index()
    print(index)
    expect_examples_ready({entry["name"] for entry in index if entry.get("state") == "READY"})


def check_grpc_repository_index(urls):
    index = grpc(urls).get_model_repository_index()
    print(index)
    expect_examples_ready({model.name for model in index.models if model.state == "READY"})


def check_http_statistics(urls):
    client = http(urls)
    client.infer("simple", simple_inputs(httpclient))
    stats = client.get_inference_statistics("simple")
    print(stats)
    model = stats["model_stats"][0]
    expect(model["name"] == "simple", "statistics of %s" % model["name"])
    expect(model["inference_stats"]["success"]["count"] >= 1, "no successful inference counted")


def check_grpc_statistics(urls):
    client = grpc(urls)
    client.infer("simple", simple_inputs(grpcclient), client_timeout=TIMEOUT_S)
    stats = client.get_inference_statistics("simple")
    print(stats)
    model = stats.model_stats[0]
    expect(model.name == "simple", "statistics of %s" % model.name)
    expect(model.inference_stats.success.count >= 1, "no successful inference counted")


def check_http_async_infer(urls):
    client = http(urls, concurrency=4)
    pending = [client.async_infer("simple", simple_inputs(httpclient), request_id=str(i)) for i in range(8)]
    for i, request in enumerate(pending):
        result = request.get_result(timeout=TIMEOUT_S)
        expect(result.get_response()["id"] == str(i), "response id %s" % result.get_response().get("id"))
        expect_sum_and_difference(result)
    client.close()


def check_grpc_async_infer(urls):
    results = queue.Queue()
    client = grpc(urls)
    client.async_infer("simple", simple_inputs(grpcclient), callback=lambda result, error: results.put((result, error)),
                       request_id="a1", client_timeout=TIMEOUT_S)
    result, error = results.get(timeout=TIMEOUT_S)
    expect(error is None, "async_infer error: %s" % error)
    expect(result.get_response().id == "a1", "response id %s" % result.get_response().id)
    expect_sum_and_difference(result)


def check_grpc_stream_decoupled(urls):
    """repeat_int32 over the bidirectional stream: one response per value, then the empty final one."""
    values = np.array([4, 5, 6], dtype=np.int32)
    inputs = [grpcclient.InferInput("IN", [3], "INT32"), grpcclient.InferInput("DELAY", [3], "UINT32"),
              grpcclient.InferInput("WAIT", [1], "UINT32")]
    inputs[0].set_data_from_numpy(values)
    inputs[1].set_data_from_numpy(np.array([10, 10, 10], dtype=np.uint32))
    inputs[2].set_data_from_numpy(np.array([0], dtype=np.uint32))
    responses = queue.Queue()
    client = grpc(urls)
    client.start_stream(callback=lambda result, error: responses.put((result, error)), stream_timeout=TIMEOUT_S)
    client.async_stream_infer("repeat_int32", inputs, request_id="r1", enable_empty_final_response=True)
    seen = []
    while True:
        result, error = responses.get(timeout=TIMEOUT_S)
        expect(error is None, "stream error: %s" % error)
        response = result.get_response()
        expect(response.id == "r1", "response id %s" % response.id)
        if response.parameters["triton_final_response"].bool_param:
            expect(not response.outputs, "the final response carries outputs")
            break
        seen.append((int(result.as_numpy("OUT")[0]), int(result.as_numpy("IDX")[0])))
    client.stop_stream()
    print("streamed (OUT, IDX):", seen)
    expect(seen == [(4, 0), (5, 1), (6, 2)], "streamed %s" % seen)


def check_http_aio_infer(urls):
    async def infer():
        client = httpaio.InferenceServerClient(urls.http, conn_timeout=TIMEOUT_S)
        try:
            return await client.infer("simple", simple_inputs(httpaio))
        finally:
            await client.close()

    expect_sum_and_difference(asyncio.run(infer()))


def check_grpc_aio_infer(urls):
    async def infer():
        async with grpcaio.InferenceServerClient(urls.grpc) as client:
            return await client.infer("simple", simple_inputs(grpcaio), client_timeout=TIMEOUT_S)

    expect_sum_and_difference(asyncio.run(infer()))


def expect_refused(call, *fragments):
    """Runs call, which must raise InferenceServerException; its status and message are printed and
    the message must contain every fragment. Returns the exception."""
    try:
        call()
    except InferenceServerException as error:
        print("status:", error.status(), "message:", error.message())
        for fragment in fragments:
            expect(fragment in error.message(), "%r not in the message" % fragment)
        return error
    raise AssertionError("the server answered")


def check_http_unknown_model(urls):
    error = expect_refused(lambda: http(urls).infer("no_such_model", simple_inputs(httpclient)), "no_such_model")
    expect(error.status() in ("400", "404"), "HTTP status %s" % error.status())


def check_grpc_unknown_model(urls):
    error = expect_refused(lambda: grpc(urls).infer("no_such_model", simple_inputs(grpcclient)), "no_such_model")
    expect(error.status() == "StatusCode.NOT_FOUND", "gRPC status %s" % error.status())


def wrong_datatype_inputs(client_module):
    """FP32 where `simple` expects INT32."""
    inputs = simple_inputs(client_module)
    inputs[0] = client_module.InferInput("INPUT0", [1, 16], "FP32")
    inputs[0].set_data_from_numpy(INPUT0.astype(np.float32))
    return inputs


def wrong_shape_inputs(client_module):
    """[1, 8] where `simple` expects [-1, 16]."""
    inputs = simple_inputs(client_module)
    inputs[0] = client_module.InferInput("INPUT0", [1, 8], "INT32")
    inputs[0].set_data_from_numpy(INPUT0[:, :8])
    return inputs


DATATYPE_MESSAGE = ("INPUT0", "FP32", "INT32", "simple")
SHAPE_MESSAGE = ("INPUT0", "[1, 8]", "[-1, 16]", "simple")


def check_http_wrong_datatype(urls):
    expect_refused(lambda: http(urls).infer("simple", wrong_datatype_inputs(httpclient)), *DATATYPE_MESSAGE)


def check_grpc_wrong_datatype(urls):
    error = expect_refused(lambda: grpc(urls).infer("simple", wrong_datatype_inputs(grpcclient)), *DATATYPE_MESSAGE)
    expect(error.status() == "StatusCode.INVALID_ARGUMENT", "gRPC status %s" % error.status())


def check_http_wrong_shape(urls):
    expect_refused(lambda: http(urls).infer("simple", wrong_shape_inputs(httpclient)), *SHAPE_MESSAGE)


def check_grpc_wrong_shape(urls):
    error = expect_refused(lambda: grpc(urls).infer("simple", wrong_shape_inputs(grpcclient)), *SHAPE_MESSAGE)
    expect(error.status() == "StatusCode.INVALID_ARGUMENT", "gRPC status %s" % error.status())


CHECKS = {name[len("check_"):]: fn for name, fn in globals().items() if name.startswith("check_")}

if __name__ == "__main__":
    http_url, grpc_url, check = sys.argv[1:4]
    CHECKS[check](Urls(http_url, grpc_url))
    print("ok", check)

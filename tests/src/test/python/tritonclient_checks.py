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


def http_aio_infer(urls, model, inputs):
    """One inference with tritonclient.http.aio; inputs builds the InferInputs from the module."""
    async def infer():
        client = httpaio.InferenceServerClient(urls.http, conn_timeout=TIMEOUT_S)
        try:
            return await client.infer(model, inputs(httpaio))
        finally:
            await client.close()

    return asyncio.run(infer())


def grpc_aio_infer(urls, model, inputs, **options):
    """One inference with tritonclient.grpc.aio; options go to infer."""
    async def infer():
        async with grpcaio.InferenceServerClient(urls.grpc) as client:
            return await client.infer(model, inputs(grpcaio), client_timeout=TIMEOUT_S, **options)

    return asyncio.run(infer())


def check_http_aio_infer(urls):
    expect_sum_and_difference(http_aio_infer(urls, "simple", simple_inputs))


def check_grpc_aio_infer(urls):
    expect_sum_and_difference(grpc_aio_infer(urls, "simple", simple_inputs))


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


# What NVIDIA's Python examples (client repository, src/python/examples) do, written here against
# tritonclient's API: the examples themselves are not part of the PyPI package.

def explicit_request(model, datatype, field, first, second):
    """A ModelInferRequest for raw gRPC stubs (grpc_explicit_*_content_client.py): the two [1, 16]
    inputs of `model` in typed contents, both outputs asked for."""
    request = grpcclient.service_pb2.ModelInferRequest(model_name=model)
    for name, values in (("INPUT0", first), ("INPUT1", second)):
        tensor = request.inputs.add(name=name, datatype=datatype, shape=[1, 16])
        getattr(tensor.contents, field).extend(values)
    for name in ("OUTPUT0", "OUTPUT1"):
        request.outputs.add(name=name)
    return request


def stub(urls):
    import grpc as grpcio
    return grpcclient.service_pb2_grpc.GRPCInferenceServiceStub(grpcio.insecure_channel(urls.grpc))


def check_grpc_explicit_int_content(urls):
    """Typed int contents answer raw outputs; typed contents beside raw_input_contents are refused
    in Triton's words."""
    first, second = list(range(16)), [1] * 16
    request = explicit_request("simple", "INT32", "int_contents", first, second)
    response = stub(urls).ModelInfer(request, timeout=TIMEOUT_S)
    sums = np.frombuffer(response.raw_output_contents[0], dtype=np.int32)
    differences = np.frombuffer(response.raw_output_contents[1], dtype=np.int32)
    expect(list(sums) == [a + b for a, b in zip(first, second)], "sums %s" % sums)
    expect(list(differences) == [a - b for a, b in zip(first, second)], "differences %s" % differences)
    request.raw_input_contents.extend([np.array(first[0:8]).tobytes()])
    request.inputs[0].contents.int_contents[:] = first[8:]
    try:
        stub(urls).ModelInfer(request, timeout=TIMEOUT_S)
    except Exception as error:  # grpc.RpcError
        print(error)
        expect("contents field must not be specified when using raw_input_contents for 'INPUT0' for model"
               " 'simple'" in str(error), "not Triton's words: %s" % error)
        expect(str(error.code()) == "StatusCode.INVALID_ARGUMENT", "status %s" % error.code())
        return
    raise AssertionError("contents beside raw_input_contents were accepted")


def check_grpc_explicit_int8_content(urls):
    first, second = list(range(16)), [1] * 16
    response = stub(urls).ModelInfer(explicit_request("simple_int8", "INT8", "int_contents", first, second),
                                     timeout=TIMEOUT_S)
    sums = np.frombuffer(response.raw_output_contents[0], dtype=np.int8)
    expect(list(sums) == [a + b for a, b in zip(first, second)], "sums %s" % sums)


def check_grpc_explicit_byte_content(urls):
    first, second = [str(i).encode() for i in range(16)], [b"1"] * 16
    response = stub(urls).ModelInfer(explicit_request("simple_string", "BYTES", "bytes_contents", first, second),
                                     timeout=TIMEOUT_S)
    from tritonclient.utils import deserialize_bytes_tensor
    sums = deserialize_bytes_tensor(response.raw_output_contents[0])
    differences = deserialize_bytes_tensor(response.raw_output_contents[1])
    expect([int(v) for v in sums] == [i + 1 for i in range(16)], "sums %s" % sums)
    expect([int(v) for v in differences] == [i - 1 for i in range(16)], "differences %s" % differences)


def check_grpc_compression_deflate_and_gzip(urls):
    """Requests compressed with deflate, then gzip, on one channel (simple_grpc_infer_client's
    compression_algorithm)."""
    client = grpc(urls)
    for algorithm in ("deflate", "gzip", "deflate"):
        expect_sum_and_difference(client.infer("simple", simple_inputs(grpcclient), compression_algorithm=algorithm,
                                               client_timeout=TIMEOUT_S))


def check_grpc_aio_compression_deflate(urls):
    expect_sum_and_difference(grpc_aio_infer(urls, "simple", simple_inputs, compression_algorithm="deflate"))


def check_grpc_custom_args(urls):
    """simple_grpc_custom_args_client.py: channel arguments, keepalive options and a custom header."""
    channel_args = [("grpc.max_send_message_length", 1024 * 1024), ("grpc.max_receive_message_length", 1024 * 1024),
                    ("grpc.keepalive_time_ms", 2 ** 31 - 1), ("grpc.keepalive_timeout_ms", 20000),
                    ("grpc.keepalive_permit_without_calls", False), ("grpc.http2.max_pings_without_data", 2),
                    ("grpc.dns_enable_srv_queries", 1)]
    client = grpcclient.InferenceServerClient(urls.grpc, channel_args=channel_args)
    outputs = [grpcclient.InferRequestedOutput("OUTPUT0"), grpcclient.InferRequestedOutput("OUTPUT1")]
    expect_sum_and_difference(client.infer("simple", simple_inputs(grpcclient), outputs=outputs, headers={"test": "1"},
                                           client_timeout=TIMEOUT_S))


def check_grpc_keepalive(urls):
    """simple_grpc_keepalive_client.py: keepalive options of the client's own."""
    options = grpcclient.KeepAliveOptions(keepalive_time_ms=2 ** 31 - 1, keepalive_timeout_ms=20000,
                                          keepalive_permit_without_calls=False, http2_max_pings_without_data=2)
    client = grpcclient.InferenceServerClient(urls.grpc, keepalive_options=options)
    expect_sum_and_difference(client.infer("simple", simple_inputs(grpcclient), client_timeout=TIMEOUT_S))


def check_http_aio_health_and_metadata(urls):
    async def run():
        client = httpaio.InferenceServerClient(urls.http, conn_timeout=TIMEOUT_S)
        try:
            expect(await client.is_server_live() and await client.is_server_ready(), "server not live or ready")
            expect(await client.is_model_ready("simple"), "simple not ready")
            return await client.get_server_metadata(), await client.get_model_metadata("simple")
        finally:
            await client.close()

    server, model = asyncio.run(run())
    expect_simple_metadata((server["name"], server["version"], server["extensions"]),
                           [(t["name"], t["datatype"], t["shape"]) for t in model["inputs"]], model["versions"])


def check_grpc_aio_health_and_metadata(urls):
    async def run():
        async with grpcaio.InferenceServerClient(urls.grpc) as client:
            expect(await client.is_server_live() and await client.is_server_ready(), "server not live or ready")
            expect(await client.is_model_ready("simple"), "simple not ready")
            return await client.get_server_metadata(), await client.get_model_metadata("simple")

    server, model = asyncio.run(run())
    expect_simple_metadata((server.name, server.version, server.extensions),
                           [(t.name, t.datatype, list(t.shape)) for t in model.inputs], list(model.versions))


def check_http_aio_string_infer(urls):
    expect_string_sum_and_difference(http_aio_infer(urls, "simple_string", string_inputs))


def check_grpc_aio_string_infer(urls):
    expect_string_sum_and_difference(grpc_aio_infer(urls, "simple_string", string_inputs))


SEQUENCE_VALUES = [11, 7, 5, 3, 2, 0, 1]


def sequence_input(client_module, value):
    tensor = client_module.InferInput("INPUT", [1, 1], "INT32")
    tensor.set_data_from_numpy(np.full((1, 1), value, dtype=np.int32))
    return [tensor]


def expected_sequence(first, values, dyna, correlation_id):
    """simple_sequence answers (INPUT + START) x READY; the dyna model adds the correlation id at END."""
    expected = [first + 1] + list(values)
    if dyna:
        expected[-1] += correlation_id
    return expected


def sync_sequence(client_module, client, model, sequence_id, values, **infer_options):
    results = []
    for i, value in enumerate(values):
        result = client.infer(model, sequence_input(client_module, value), sequence_id=sequence_id,
                              sequence_start=(i == 0), sequence_end=(i == len(values) - 1), **infer_options)
        results.append(int(result.as_numpy("OUTPUT")[0][0]))
    return results


def check_http_sequence_sync(urls):
    """simple_http_sequence_sync_infer_client.py: two sequences of simple_sequence, then of the dyna model."""
    client = http(urls)
    for model, dyna in (("simple_sequence", False), ("simple_dyna_sequence", True)):
        for sequence_id, first, sign in ((1000, 0, 1), (1001, 100, -1)):
            values = [sign * v for v in SEQUENCE_VALUES]
            got = sync_sequence(httpclient, client, model, sequence_id, [first] + values)
            print(model, sequence_id, got)
            expect(got == expected_sequence(first, values, dyna, sequence_id), "%s %s: %s" % (model, sequence_id, got))


def check_grpc_sequence_sync(urls):
    """simple_grpc_sequence_sync_infer_client.py, with an integer and a string (UUID) sequence id."""
    import uuid
    client = grpc(urls)
    for sequence_id, first in ((1002, 0), (str(uuid.uuid4()), 20)):
        values = [-v for v in SEQUENCE_VALUES]
        got = sync_sequence(grpcclient, client, "simple_sequence", sequence_id, [first] + values,
                            client_timeout=TIMEOUT_S)
        print(sequence_id, got)
        expect(got == expected_sequence(first, values, False, 0), "%s: %s" % (sequence_id, got))


def stream_sequences(client, sequences):
    """Sends every (model, id, values) sequence over the client's open stream, interleaved; returns
    the OUTPUT values per sequence id, in order."""
    for step in range(max(len(values) for _, _, values in sequences)):
        for model, sequence_id, values in sequences:
            if step < len(values):
                client.async_stream_infer(model, sequence_input(grpcclient, values[step]),
                                          request_id="%s_%d" % (sequence_id, step), sequence_id=sequence_id,
                                          sequence_start=(step == 0), sequence_end=(step == len(values) - 1))


def expected_string_sequence(first, values, dyna, correlation_id):
    """The string-id sequence of the stream example: simple_sequence as above; the dyna string
    model accumulates (START sets, later requests add) and adds the id at END."""
    if not dyna:
        return expected_sequence(first, values, False, 0)
    expected, total = [first], first
    for value in values:
        total += value
        expected.append(total)
    expected[-1] += correlation_id
    return expected


def check_grpc_sequence_stream(urls):
    """simple_grpc_sequence_stream_infer_client.py (and its --dyna run): two integer sequences and a
    string-id one, interleaved on one stream."""
    import uuid
    negated = [-v for v in SEQUENCE_VALUES]
    for dyna in (False, True):
        int_model = "simple_dyna_sequence" if dyna else "simple_sequence"
        string_model = "simple_string_dyna_sequence" if dyna else "simple_sequence"
        string_id = "1002" if dyna else str(uuid.uuid4())
        sequences = [(int_model, 1000, [0] + SEQUENCE_VALUES), (int_model, 1001, [100] + negated),
                     (string_model, string_id, [20] + negated)]
        responses = queue.Queue()
        client = grpc(urls)
        client.start_stream(callback=lambda result, error: responses.put((result, error)), stream_timeout=TIMEOUT_S)
        stream_sequences(client, sequences)
        results = {str(sequence_id): [] for _, sequence_id, _ in sequences}
        for _ in range(sum(len(values) for _, _, values in sequences)):
            result, error = responses.get(timeout=TIMEOUT_S)
            expect(error is None, "stream error: %s" % error)
            results[result.get_response().id.rsplit("_", 1)[0]].append(int(result.as_numpy("OUTPUT")[0][0]))
        client.stop_stream()
        print(int_model, string_model, results)
        expect(results["1000"] == expected_sequence(0, SEQUENCE_VALUES, dyna, 1000), "1000: %s" % results["1000"])
        expect(results["1001"] == expected_sequence(100, negated, dyna, 1001), "1001: %s" % results["1001"])
        expect(results[string_id] == expected_string_sequence(20, negated, dyna, int(string_id) if dyna else 0),
               "%s: %s" % (string_id, results[string_id]))


def check_grpc_aio_sequence_stream(urls):
    """simple_grpc_aio_sequence_stream_infer_client.py: one sequence through the asyncio stream."""
    values = [0] + SEQUENCE_VALUES

    async def run():
        async def requests():
            for step, value in enumerate(values):
                yield {"model_name": "simple_sequence", "inputs": sequence_input(grpcaio, value),
                       "request_id": str(step), "sequence_id": 1003, "sequence_start": step == 0,
                       "sequence_end": step == len(values) - 1}

        got = []
        async with grpcaio.InferenceServerClient(urls.grpc) as client:
            async for result, error in client.stream_infer(requests(), stream_timeout=TIMEOUT_S):
                expect(error is None, "stream error: %s" % error)
                got.append(int(result.as_numpy("OUTPUT")[0][0]))
                if len(got) == len(values):
                    break
        return got

    got = asyncio.run(run())
    print(got)
    expect(got == expected_sequence(0, SEQUENCE_VALUES, False, 0), "got %s" % got)


def check_grpc_statistics_of_a_decoupled_model(urls):
    """repeat_int32's statistics carry Triton's response_stats, one entry per response index."""
    check_grpc_stream_decoupled(urls)
    stats = grpc(urls).get_inference_statistics("repeat_int32").model_stats[0]
    print(stats)
    expect({"0", "1", "2"} <= set(stats.response_stats.keys()), "response_stats %s" % list(stats.response_stats))
    expect(stats.response_stats["0"].success.count >= 1, "no response 0 counted")


def check_http_statistics_of_a_decoupled_model(urls):
    check_grpc_stream_decoupled(urls)
    stats = http(urls).get_inference_statistics("repeat_int32")["model_stats"][0]
    print(stats)
    expect({"0", "1", "2"} <= set(stats["response_stats"]), "response_stats %s" % stats.get("response_stats"))
    expect(stats["memory_usage"] == [], "memory_usage %s" % stats.get("memory_usage"))


# The model-control examples, against a server in explicit mode that has loaded nothing; the
# expected number of models in the repository comes as MODELS_IN_REPOSITORY.

def expected_models():
    import os
    return int(os.environ["MODELS_IN_REPOSITORY"])


def control_models(client, config_of, index_size):
    """What simple_{http,grpc}_model_control.py do: index, load, a malformed and a good config
    override, unload, an oversized file path (gRPC example), an unknown model."""
    expect(index_size(client.get_model_repository_index()) == expected_models(), "repository index size")
    client.load_model("simple")
    expect(client.is_model_ready("simple"), "simple not ready after load")
    expect_refused(lambda: client.load_model("simple", config='"parameters": {"config": {{"max_batch_size": "16"}}}'),
                   "failed to load")
    client.load_model("simple", config='{"max_batch_size":"16"}')
    expect(config_of(client.get_model_config("simple")) == 16, "max_batch_size after the config override")
    client.unload_model("simple")
    expect(not client.is_model_ready("simple"), "simple ready after unload")
    expect_refused(lambda: client.load_model("simple", config="{}", files={"file:" + "A" * 256: b"a"}),
                   "Invalid file path")
    expect(client.is_server_live(), "server not live after a refused load")
    expect_refused(lambda: client.load_model("wrong_model_name"), "failed to load")


def check_http_model_control(urls):
    control_models(http(urls), lambda config: config["max_batch_size"], len)


def check_grpc_model_control(urls):
    control_models(grpc(urls), lambda config: config.config.max_batch_size, lambda index: len(index.models))


async def control_models_aio(client, config_of, index_size):
    expect(index_size(await client.get_model_repository_index()) == expected_models(), "repository index size")
    await client.load_model("simple")
    expect(await client.is_model_ready("simple"), "simple not ready after load")
    try:
        await client.load_model("simple", config='"parameters": {"config": {{"max_batch_size": "16"}}}')
        raise AssertionError("a malformed config override loaded")
    except InferenceServerException as error:
        expect("failed to load" in error.message(), error.message())
    await client.load_model("simple", config='{"max_batch_size":"16"}')
    expect(config_of(await client.get_model_config("simple")) == 16, "max_batch_size after the config override")
    await client.unload_model("simple")
    expect(not await client.is_model_ready("simple"), "simple ready after unload")
    try:
        await client.load_model("wrong_model_name")
        raise AssertionError("an unknown model loaded")
    except InferenceServerException as error:
        expect("failed to load" in error.message(), error.message())


def check_http_aio_model_control(urls):
    async def run():
        client = httpaio.InferenceServerClient(urls.http, conn_timeout=TIMEOUT_S)
        try:
            await control_models_aio(client, lambda config: config["max_batch_size"], len)
        finally:
            await client.close()

    asyncio.run(run())


def check_grpc_aio_model_control(urls):
    async def run():
        async with grpcaio.InferenceServerClient(urls.grpc) as client:
            await control_models_aio(client, lambda config: config.config.max_batch_size,
                                     lambda index: len(index.models))

    asyncio.run(run())


def check_http_log_settings(urls):
    """The logging extension: read Triton's defaults, change two settings, be refused a file the
    server does not allow, put the settings back."""
    client = http(urls)
    settings = client.get_log_settings()
    print("log settings", settings)
    expect(settings["log_verbose_level"] == 0 and settings["log_format"] == "default", "defaults %s" % settings)
    changed = client.update_log_settings({"log_verbose_level": 1, "log_format": "ISO8601"})
    expect(changed["log_verbose_level"] == 1 and changed["log_format"] == "ISO8601", "changed %s" % changed)
    expect_refused(lambda: client.update_log_settings({"log_file": "/etc/infergate.log"}), "log_file")
    expect_refused(lambda: client.update_log_settings({"log_verbose_level": -1}), "log_verbose_level")
    client.update_log_settings({"log_verbose_level": 0, "log_format": "default"})


def check_grpc_log_settings(urls):
    client = grpc(urls)
    settings = client.get_log_settings(as_json=True)["settings"]
    print("log settings", settings)
    expect(settings["log_info"]["bool_param"] is True, "log_info %s" % settings["log_info"])
    changed = client.update_log_settings({"log_verbose_level": 2, "log_warning": False}, as_json=True)["settings"]
    expect(changed["log_verbose_level"]["uint32_param"] == 2, "changed %s" % changed)
    expect(changed["log_warning"]["bool_param"] is False, "changed %s" % changed)
    expect_refused(lambda: client.update_log_settings({"log_format": "xml"}), "log_format")
    client.update_log_settings({"log_verbose_level": 0, "log_warning": True})


def check_http_trace_settings(urls):
    """The trace extension: Triton's defaults as strings, a model's own settings over the global ones,
    a null clearing one back, a bad level and a trace file the server does not allow refused."""
    client = http(urls)
    settings = client.get_trace_settings()
    print("trace settings", settings)
    expect(settings["trace_level"] == ["OFF"] and settings["trace_rate"] == "1000", "defaults %s" % settings)
    changed = client.update_trace_settings("simple", {"trace_level": ["TIMESTAMPS"], "trace_rate": "5"})
    expect(changed["trace_level"] == ["TIMESTAMPS"] and changed["trace_rate"] == "5", "changed %s" % changed)
    expect(client.get_trace_settings()["trace_level"] == ["OFF"], "the global settings changed too")
    cleared = client.update_trace_settings("simple", {"trace_rate": None})
    expect(cleared["trace_rate"] == "1000", "cleared %s" % cleared)
    expect_refused(lambda: client.update_trace_settings(settings={"trace_level": ["LOUD"]}), "LOUD")
    expect_refused(lambda: client.update_trace_settings(settings={"trace_file": "/etc/trace.json"}), "trace_file")
    client.update_trace_settings("simple", {})


def check_grpc_trace_settings(urls):
    client = grpc(urls)
    settings = client.get_trace_settings(as_json=True)["settings"]
    print("trace settings", settings)
    expect(settings["trace_level"]["value"] == ["OFF"], "trace_level %s" % settings["trace_level"])
    changed = client.update_trace_settings("simple", {"trace_level": ["TIMESTAMPS", "TENSORS"], "trace_count": "7"},
                                           as_json=True)["settings"]
    expect(changed["trace_level"]["value"] == ["TIMESTAMPS", "TENSORS"], "changed %s" % changed)
    expect(changed["trace_count"]["value"] == ["7"], "changed %s" % changed)
    cleared = client.update_trace_settings("simple", {"trace_level": None, "trace_count": None},
                                           as_json=True)["settings"]
    expect(cleared["trace_level"]["value"] == ["OFF"], "cleared %s" % cleared)
    expect_refused(lambda: client.update_trace_settings(settings={"trace_rate": "-3"}), "trace_rate")


CHECKS = {name[len("check_"):]: fn for name, fn in globals().items() if name.startswith("check_")}

if __name__ == "__main__":
    http_url, grpc_url, check = sys.argv[1:4]
    CHECKS[check](Urls(http_url, grpc_url))
    print("ok", check)

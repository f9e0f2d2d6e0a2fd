"""NVIDIA's Python client (tritonclient[all] from PyPI) using Triton's system shared-memory
extension against Infergate started with --allow-client-shm=true and Triton's example repository:
real POSIX shared-memory objects made with tritonclient.utils.shared_memory, as Triton's
simple_*_shm_client examples make them. One check per invocation; exit status 0 means it held.

usage: tritonclient_shm_checks.py HTTP_HOST:PORT GRPC_HOST:PORT CHECK
"""
import os
import sys
from collections import namedtuple

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
import tritonclient.utils.shared_memory as shm
from tritonclient import utils
from tritonclient.utils import InferenceServerException

Urls = namedtuple("Urls", "http grpc")
INPUT0 = np.arange(16, dtype=np.int32)
INPUT1 = np.full(16, 3, dtype=np.int32)
TENSOR_BYTES = INPUT0.size * INPUT0.itemsize


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def key(name):
    """An object name of this process alone, with the leading '/' clients pass."""
    return "/tritonclient-shm-check-%d-%s" % (os.getpid(), name)


class Regions:
    """An input region holding INPUT0 then INPUT1 and an output region for two results, created,
    registered with the server, and on exit unregistered and destroyed."""

    def __init__(self, client):
        self.client = client

    def __enter__(self):
        # what the examples do first: no region of either kind left from earlier runs
        self.client.unregister_system_shared_memory()
        self.client.unregister_cuda_shared_memory()
        self.input = shm.create_shared_memory_region("input_data", key("in"), 2 * TENSOR_BYTES)
        shm.set_shared_memory_region(self.input, [INPUT0])
        shm.set_shared_memory_region(self.input, [INPUT1], offset=TENSOR_BYTES)
        self.output = shm.create_shared_memory_region("output_data", key("out"), 2 * TENSOR_BYTES)
        self.client.register_system_shared_memory("input_data", key("in"), 2 * TENSOR_BYTES)
        self.client.register_system_shared_memory("output_data", key("out"), 2 * TENSOR_BYTES)
        return self

    def __exit__(self, *failure):
        self.client.unregister_system_shared_memory()
        shm.destroy_shared_memory_region(self.input)
        shm.destroy_shared_memory_region(self.output)


def simple_in_regions(client_module):
    """`simple`'s inputs and outputs all named by region: no tensor bytes in the request or answer."""
    inputs = [client_module.InferInput("INPUT0", [1, 16], "INT32"), client_module.InferInput("INPUT1", [1, 16], "INT32")]
    inputs[0].set_shared_memory("input_data", TENSOR_BYTES)
    inputs[1].set_shared_memory("input_data", TENSOR_BYTES, offset=TENSOR_BYTES)
    outputs = [client_module.InferRequestedOutput("OUTPUT0"), client_module.InferRequestedOutput("OUTPUT1")]
    outputs[0].set_shared_memory("output_data", TENSOR_BYTES)
    outputs[1].set_shared_memory("output_data", TENSOR_BYTES, offset=TENSOR_BYTES)
    return inputs, outputs


def expect_results_in_region(regions, datatype, shape):
    expect(datatype == "INT32" and list(shape) == [1, 16], "OUTPUT0 is %s %s" % (datatype, shape))
    total = shm.get_contents_as_numpy(regions.output, np.int32, [1, 16])
    difference = shm.get_contents_as_numpy(regions.output, np.int32, [1, 16], offset=TENSOR_BYTES)
    print("OUTPUT0", total, "OUTPUT1", difference)
    expect(np.array_equal(total[0], INPUT0 + INPUT1), "OUTPUT0 in the region is not INPUT0 + INPUT1")
    expect(np.array_equal(difference[0], INPUT0 - INPUT1), "OUTPUT1 in the region is not INPUT0 - INPUT1")


def check_http_simple_in_regions(urls):
    client = httpclient.InferenceServerClient(urls.http)
    with Regions(client) as regions:
        inputs, outputs = simple_in_regions(httpclient)
        output0 = client.infer("simple", inputs, outputs=outputs).get_output("OUTPUT0")
        print(output0)
        expect(output0["parameters"]["shared_memory_region"] == "output_data", "region parameters %s" % output0)
        expect("data" not in output0, "OUTPUT0 carries data")
        expect_results_in_region(regions, output0["datatype"], output0["shape"])
        status = client.get_system_shared_memory_status()
        print(status)
        expect(sorted(region["name"] for region in status) == ["input_data", "output_data"], "status %s" % status)


def check_grpc_simple_in_regions(urls):
    client = grpcclient.InferenceServerClient(urls.grpc)
    with Regions(client) as regions:
        inputs, outputs = simple_in_regions(grpcclient)
        output0 = client.infer("simple", inputs, outputs=outputs).get_output("OUTPUT0")
        expect_results_in_region(regions, output0.datatype, output0.shape)
        status = client.get_system_shared_memory_status()
        expect(sorted(status.regions.keys()) == ["input_data", "output_data"], "status %s" % status)


def check_grpc_simple_string_in_regions(urls):
    """BYTES both ways: `simple_string` adds and subtracts numbers written as strings."""
    client = grpcclient.InferenceServerClient(urls.grpc)
    client.unregister_system_shared_memory()
    numbers = utils.serialize_byte_tensor(np.array([str(i).encode() for i in range(16)], dtype=np.object_))
    ones = utils.serialize_byte_tensor(np.array([b"1"] * 16, dtype=np.object_))
    sizes = [utils.serialized_byte_size(numbers), utils.serialized_byte_size(ones)]
    region_in = shm.create_shared_memory_region("strings_in", key("sin"), sum(sizes))
    region_out = shm.create_shared_memory_region("strings_out", key("sout"), 1024)
    try:
        shm.set_shared_memory_region(region_in, [numbers])
        shm.set_shared_memory_region(region_in, [ones], offset=sizes[0])
        client.register_system_shared_memory("strings_in", key("sin"), sum(sizes))
        client.register_system_shared_memory("strings_out", key("sout"), 1024)
        inputs = [grpcclient.InferInput("INPUT0", [1, 16], "BYTES"), grpcclient.InferInput("INPUT1", [1, 16], "BYTES")]
        inputs[0].set_shared_memory("strings_in", sizes[0])
        inputs[1].set_shared_memory("strings_in", sizes[1], offset=sizes[0])
        outputs = [grpcclient.InferRequestedOutput("OUTPUT0"), grpcclient.InferRequestedOutput("OUTPUT1")]
        outputs[0].set_shared_memory("strings_out", 512)
        outputs[1].set_shared_memory("strings_out", 512, offset=512)
        output0 = client.infer("simple_string", inputs, outputs=outputs).get_output("OUTPUT0")
        sums = shm.get_contents_as_numpy(region_out, np.object_, output0.shape)
        print("OUTPUT0", sums)
        expect([int(s) for s in sums.flatten()] == [i + 1 for i in range(16)], "sums %s" % sums)
    finally:
        client.unregister_system_shared_memory()
        shm.destroy_shared_memory_region(region_in)
        shm.destroy_shared_memory_region(region_out)


def reuse_infer_objects(client, client_module, datatype_and_shape):
    """What Triton's reuse_infer_objects_client.py does: the same InferInput and
    InferRequestedOutput objects used with regions, then with tensor data, then with regions again."""
    with Regions(client) as regions:
        inputs, outputs = simple_in_regions(client_module)
        for use_regions in (True, False, True):
            if use_regions:
                inputs[0].set_shared_memory("input_data", TENSOR_BYTES)
                inputs[1].set_shared_memory("input_data", TENSOR_BYTES, offset=TENSOR_BYTES)
                outputs[0].set_shared_memory("output_data", TENSOR_BYTES)
                outputs[1].set_shared_memory("output_data", TENSOR_BYTES, offset=TENSOR_BYTES)
            else:
                inputs[0].set_data_from_numpy(np.expand_dims(INPUT0, axis=0))
                inputs[1].set_data_from_numpy(np.expand_dims(INPUT1 * 2, axis=0))
                outputs[0].unset_shared_memory()
                outputs[1].unset_shared_memory()
            result = client.infer("simple", inputs, outputs=outputs)
            if use_regions:
                expect_results_in_region(regions, *datatype_and_shape(result.get_output("OUTPUT0")))
            else:
                print("OUTPUT0", result.as_numpy("OUTPUT0"), "OUTPUT1", result.as_numpy("OUTPUT1"))
                expect(np.array_equal(result.as_numpy("OUTPUT0")[0], INPUT0 + INPUT1 * 2), "OUTPUT0 as data")
                expect(np.array_equal(result.as_numpy("OUTPUT1")[0], INPUT0 - INPUT1 * 2), "OUTPUT1 as data")


def check_http_reuse_infer_objects(urls):
    reuse_infer_objects(httpclient.InferenceServerClient(urls.http), httpclient,
                        lambda output: (output["datatype"], output["shape"]))


def check_grpc_reuse_infer_objects(urls):
    reuse_infer_objects(grpcclient.InferenceServerClient(urls.grpc), grpcclient,
                        lambda output: (output.datatype, output.shape))


def expect_refused(call, status, fragment):
    try:
        call()
    except InferenceServerException as error:
        print("status:", error.status(), "message:", error.message())
        expect(error.status() == status, "status %s" % error.status())
        expect(fragment in error.message(), "%r not in the message" % fragment)
        return
    raise AssertionError("the server answered")


def check_http_hostile_key_is_refused(urls):
    client = httpclient.InferenceServerClient(urls.http)
    expect_refused(lambda: client.register_system_shared_memory("r", "/../../etc/passwd", 8), "400",
                   "invalid shared-memory key '/../../etc/passwd'")


def check_grpc_unknown_region_is_not_found(urls):
    client = grpcclient.InferenceServerClient(urls.grpc)
    client.unregister_system_shared_memory()
    inputs, outputs = simple_in_regions(grpcclient)
    expect_refused(lambda: client.infer("simple", inputs, outputs=outputs), "StatusCode.NOT_FOUND",
                   "Unable to find shared memory region: 'input_data'")


CHECKS = {name[len("check_"):]: fn for name, fn in globals().items() if name.startswith("check_")}

if __name__ == "__main__":
    http_url, grpc_url, check = sys.argv[1:4]
    CHECKS[check](Urls(http_url, grpc_url))
    print("ok", check)

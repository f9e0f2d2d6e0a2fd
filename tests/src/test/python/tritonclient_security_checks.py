"""NVIDIA's Python client (tritonclient[all]) against Infergate serving `simple` over mutual TLS on
both HTTP and gRPC, with certificates the Java test made: the CA, and a client certificate and key
in the environment (TLS_CA, TLS_CLIENT_CERT, TLS_CLIENT_KEY); the model-repository category is
restricted by the header ADMIN_KEY: ADMIN_VALUE (both in the environment). One check per
invocation; exit status 0 means it held.

usage: tritonclient_security_checks.py HTTP_HOST:PORT GRPC_HOST:PORT CHECK
"""
import os
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException

CA = os.environ["TLS_CA"]
CLIENT_CERT = os.environ["TLS_CLIENT_CERT"]
CLIENT_KEY = os.environ["TLS_CLIENT_KEY"]
ADMIN_KEY = os.environ["ADMIN_KEY"]
ADMIN_VALUE = os.environ["ADMIN_VALUE"]
TIMEOUT_S = 20


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def infer_simple(client_module, client):
    a = np.arange(16, dtype=np.int32).reshape(1, 16)
    b = np.full((1, 16), 3, dtype=np.int32)
    inputs = [client_module.InferInput("INPUT0", [1, 16], "INT32"),
              client_module.InferInput("INPUT1", [1, 16], "INT32")]
    inputs[0].set_data_from_numpy(a)
    inputs[1].set_data_from_numpy(b)
    result = client.infer("simple", inputs)
    expect(np.array_equal(result.as_numpy("OUTPUT0"), a + b), "OUTPUT0 is not INPUT0 + INPUT1")
    print("simple answered over TLS")


def expect_refused(call):
    try:
        call()
    except (InferenceServerException, OSError) as e:
        print("refused as expected:", type(e).__name__, e)
        return
    raise AssertionError("the server answered a client without a certificate")


def http_client(http_url, with_certificate):
    ssl_options = {"ca_certs": CA}
    if with_certificate:
        ssl_options.update(certfile=CLIENT_CERT, keyfile=CLIENT_KEY)
    return httpclient.InferenceServerClient(http_url, ssl=True, ssl_options=ssl_options,
                                            network_timeout=TIMEOUT_S, connection_timeout=TIMEOUT_S)


def grpc_client(grpc_url, with_certificate):
    if with_certificate:
        return grpcclient.InferenceServerClient(grpc_url, ssl=True, root_certificates=CA, private_key=CLIENT_KEY,
                                                certificate_chain=CLIENT_CERT)
    return grpcclient.InferenceServerClient(grpc_url, ssl=True, root_certificates=CA)


def check_http_mutual_tls(http_url, grpc_url):
    client = http_client(http_url, True)
    expect(client.is_server_live(), "server not live")
    infer_simple(httpclient, client)


def check_http_without_certificate(http_url, grpc_url):
    expect_refused(lambda: http_client(http_url, False).is_server_live())


def check_grpc_mutual_tls(http_url, grpc_url):
    client = grpc_client(grpc_url, True)
    expect(client.is_server_live(), "server not live")
    infer_simple(grpcclient, client)


def check_grpc_without_certificate(http_url, grpc_url):
    expect_refused(lambda: grpc_client(grpc_url, False).is_server_live(client_timeout=TIMEOUT_S))


def expect_restricted(call, header):
    try:
        call()
    except InferenceServerException as e:
        print("refused as expected:", e.status(), e.message())
        expect("This " in e.message() and "is restricted, expecting header '%s'" % header in e.message(),
               "message %r" % e.message())
        return
    raise AssertionError("the server answered without the restricted API's header")


def check_http_restricted_api(http_url, grpc_url):
    client = http_client(http_url, True)
    expect_restricted(lambda: client.get_model_repository_index(), ADMIN_KEY)
    index = client.get_model_repository_index(headers={ADMIN_KEY: ADMIN_VALUE})
    expect(any(entry["name"] == "simple" for entry in index), "index %s" % index)
    expect(client.is_server_live(), "an unrestricted category needs no header")


def check_grpc_restricted_protocol(http_url, grpc_url):
    client = grpc_client(grpc_url, True)
    metadata_key = "triton-grpc-protocol-" + ADMIN_KEY
    expect_restricted(lambda: client.get_model_repository_index(), metadata_key)
    index = client.get_model_repository_index(headers={metadata_key: ADMIN_VALUE})
    expect(any(model.name == "simple" for model in index.models), "index %s" % index)


CHECKS = {name[len("check_"):]: fn for name, fn in globals().items() if name.startswith("check_")}

if __name__ == "__main__":
    http_url, grpc_url, check = sys.argv[1:4]
    CHECKS[check](http_url, grpc_url)
    print("ok", check)

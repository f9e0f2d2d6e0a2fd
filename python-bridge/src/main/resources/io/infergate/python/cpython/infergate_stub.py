"""Infergate's CPython stub: runs one instance of a Triton python_backend model.py in a process of
its own, for the server's CPython runtime (Java package io.infergate.python.cpython).

Usage: python3 infergate_stub.py <server socket>

Messages travel two Unix-domain sockets, both connected to the server socket (control first,
then requests), as frames: a 4-byte big-endian length, then that many bytes of UTF-8 JSON, each
with an "op" and an "id". The requests socket carries the server's execute and finalize messages
and this stub's answers to them and to init, read and written by the main thread; each answer
says how many frames this stub had sent on the control socket by then, so that the server
handles those first. The control socket carries everything else: the init message, log lines,
host calls, BLS requests, decoupled responses and their answers, read by a thread of its own.

Tensor bytes travel a shared-memory file that the init message names: the server writes the
inputs, this stub reads them in place (np.frombuffer over the mapping) and writes the outputs
after them, growing the file when they need more room. A decoupled model's responses go one at a
time through a second file, each acknowledged by the server once read; BLS requests put their
inputs in a third, and their answers come back over the socket. The model sees the same
triton_python_backend_utils and glue (infergate_runtime.py) as on GraalPy, from the files
written beside this one."""

import importlib.util
import itertools
import json
import mmap
import os
import queue
import socket
import struct
import sys
import threading
import traceback

_HERE = os.path.dirname(os.path.abspath(__file__))
_HEADER = struct.Struct(">I")
_ALIGN = 64
# The server refuses frames over 1 MiB; texts are cut well below that.
_MAX_TEXT = 256 * 1024
_MIN_REGION = 1 << 20


def _cut(text):
    return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT] + "... (cut)"


def _aligned(n):
    return (n + _ALIGN - 1) // _ALIGN * _ALIGN


class Channel:
    """One socket to the server; send() may be called from any thread (model threads log, respond
    and call other models). After start_reading(), a thread of its own reads the server's messages."""

    def __init__(self, path):
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._socket.connect(path)
        self._reader = self._socket.makefile("rb")
        self._lock = threading.Lock()
        self._frames_sent = 0

    def send(self, message):
        body = json.dumps(message).encode("utf-8")
        self._write(_HEADER.pack(len(body)) + body)

    def _write(self, frame):
        with self._lock:
            self._socket.sendall(frame)
            self._frames_sent += 1

    def frames_sent(self):
        with self._lock:
            return self._frames_sent

    def receive(self):
        """The server's next message, or None once it closed the socket."""
        header = self._reader.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return None
        (length,) = _HEADER.unpack(header)
        return json.loads(self._reader.read(length).decode("utf-8"))

    def payload(self, size):
        """The raw bytes that follow a message that announces them."""
        return self._reader.read(size)

    def start_reading(self, handlers, on_end):
        """Each message is handled on the reading thread by the handler of its op; on_end() runs
        once the server closed the socket."""

        def read():
            while True:
                message = self.receive()
                if message is None:
                    on_end()
                    return
                handlers[message["op"]](message)

        threading.Thread(target=read, name="infergate-stub-reader", daemon=True).start()


class Host:
    """Calls into the server that wait for its answer: each "call" message gets one "call_reply"
    with the same id and a "result" (a str where the server refused, which pb_utils raises)."""

    def __init__(self, channel):
        self._channel = channel
        self._lock = threading.Lock()
        self._waiting = {}
        self._ids = itertools.count(1)
        self._gone = False

    def call(self, method, **fields):
        return self.send(method, **fields).get()

    def send(self, method, **fields):
        """Sends a call; its answer arrives in the returned queue."""
        answer = queue.Queue(1)
        with self._lock:
            if self._gone:
                answer.put(_GONE)
                return answer
            call_id = next(self._ids)
            self._waiting[call_id] = answer
        fields.update(op="call", id=call_id, method=method)
        self._channel.send(fields)
        return answer

    def reply(self, message):
        with self._lock:
            answer = self._waiting.pop(message["id"])
        answer.put(message["result"])

    def server_gone(self):
        with self._lock:
            self._gone = True
            waiting, self._waiting = self._waiting, {}
        for answer in waiting.values():
            answer.put(_GONE)


_GONE = "the server closed this stub's connection"


def _real(value):
    """A float as JSON holds it: the server reads the non-finite ones (which JSON lacks) from these names."""
    value = float(value)
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return value


class Region:
    """The shared-memory file, mapped whole; remapped when either side has grown it."""

    def __init__(self, path):
        self._fd = os.open(path, os.O_RDWR)
        self._view = memoryview(b"")

    def _map(self, at_least):
        if at_least <= len(self._view):
            return  # neither side shrinks the file: the mapping still covers what is asked
        size = os.fstat(self._fd).st_size
        if size < at_least:
            size = max(_MIN_REGION, 1 << (at_least - 1).bit_length())
            os.ftruncate(self._fd, size)
        if size != len(self._view):
            # Arrays of earlier requests may still view the old mapping: it is dropped, not closed.
            self._view = memoryview(mmap.mmap(self._fd, size))

    def inputs(self, utils, described):
        end = max([t["offset"] + t["size"] for t in described] + [0])
        self._map(end)
        tensors = [utils.Tensor._of(t["name"], t["datatype"], t["shape"],
                                    self._view[t["offset"]:t["offset"] + t["size"]].toreadonly())
                   for t in described]
        return tensors, _aligned(end)

    def outputs(self, exported, start):
        """Writes (name, datatype, shape, raw, _) tuples from `start` on; their descriptions."""
        described = []
        offset = start
        for name, datatype, shape, raw, _ in exported:
            size = memoryview(raw).nbytes
            described.append({"name": name, "datatype": datatype, "shape": list(shape), "offset": offset,
                              "size": size})
            offset = _aligned(offset + size)
        self._map(offset)
        for (_, _, _, raw, _), out in zip(exported, described):
            self._view[out["offset"]:out["offset"] + out["size"]] = memoryview(raw).cast("B")
        return described


class Responses:
    """Where a decoupled model's senders send: one response at a time through the responses
    region, each waiting until the server has read it."""

    def __init__(self, channel, region):
        self._channel = channel
        self._region = region
        self._lock = threading.Lock()
        self._acknowledged = threading.Event()

    def acknowledged(self, _message=None):
        self._acknowledged.set()

    def sender(self, message_id):
        return _Sender(self, message_id)

    def send(self, message, exported=()):
        with self._lock:
            message["outputs"] = self._region.outputs(exported, 0)
            self._acknowledged.clear()
            self._channel.send(message)
            self._acknowledged.wait()


class _Sender:
    """The host side of one request's pb_utils.InferenceResponseSender."""

    def __init__(self, responses, message_id):
        self._responses = responses
        self._id = message_id

    def send(self, exported, parameters, last):
        self._responses.send({"op": "response", "id": self._id, "final": bool(last),
                              "parameters": json.loads(parameters)}, exported)

    def finish(self):
        self._responses.send({"op": "response_finish", "id": self._id})

    def fail(self, code, message):
        self._responses.send({"op": "response_error", "id": self._id, "code": int(code), "message": _cut(str(message))})


class Calls:
    """BLS requests into the server's engine: a request's inputs go through the BLS region, one
    request at a time until the server has read them; its answers come over the socket, each
    followed by its tensors' bytes (which the answer's tensors view, without a copy). load_model's
    files travel the same region."""

    def __init__(self, channel, region):
        self._channel = channel
        self._region = region
        self._lock = threading.Lock()
        self._read = threading.Event()
        self._calls = {}
        self._ids = itertools.count(1)

    def infer(self, model, version, exported, requested, parameters, request_id, timeout, trace):
        call = queue.Queue()
        with self._lock:
            call_id = next(self._ids)
            self._calls[call_id] = call
            self._read.clear()
            self._channel.send({"op": "infer", "id": call_id, "model": str(model), "version": str(version),
                                "inputs": self._region.outputs(exported, 0),
                                "requested": [str(name) for name in requested],
                                "parameters": json.loads(parameters), "request_id": str(request_id),
                                "timeout": int(timeout), "trace": trace})
            self._read.wait()
        return _Call(call)

    def load_model(self, host, model, config, files):
        """pb_utils.load_model: its files, (path, bytes) pairs, written as UINT8 tensors named by path."""
        with self._lock:
            self._read.clear()
            exported = [(path, "UINT8", [len(content)], content, None) for path, content in files]
            answer = host.send("load_model", model=model, config=config, files=self._region.outputs(exported, 0))
            self._read.wait()
        return answer.get()

    def inputs_read(self, _message):
        self._read.set()

    def reply(self, message):
        payload = memoryview(self._channel.payload(sum(t["size"] for t in message["tensors"])))
        tensors = []
        offset = 0
        for t in message["tensors"]:
            tensors.append(_utils.Tensor._of(t["name"], t["datatype"], t["shape"], payload[offset:offset + t["size"]]))
            offset += t["size"]
        self._calls[message["id"]].put(_Reply(tensors, message.get("code", 0), message.get("message"),
                                              message.get("parameters", {})))

    def end(self, message):
        self._calls.pop(message["id"]).put(None)

    def server_gone(self):
        self._read.set()
        for call in self._calls.values():
            call.put(_Reply([], _utils.TritonError.UNAVAILABLE, _GONE, {}))
            call.put(None)


class _Call:
    """A BLS request in flight, as pb_utils reads it: next() waits for the next answer, None at the end."""

    def __init__(self, replies):
        self._replies = replies

    def next(self):
        return self._replies.get()


class _Reply:
    def __init__(self, tensors, code, message, parameters):
        self._tensors = tensors
        self._code = code
        self._message = message
        self._parameters = parameters

    def tensors(self):
        return self._tensors

    def errorMessage(self):
        return self._message

    def errorCode(self):
        return self._code

    def parametersJson(self):
        return json.dumps(self._parameters)


class _Family:
    """A custom metric family the server holds for this stub, by handle (pb_utils.MetricFamily's host)."""

    def __init__(self, host, handle):
        self._host = host
        self._handle = handle

    def metric(self, labels, buckets):
        return _handle(self._host.call("metric", family=self._handle, labels=labels,
                                       buckets=[_real(b) for b in buckets]), _Series, self._host)


class _Series:
    """One series of a family, by handle (pb_utils.Metric's host)."""

    def __init__(self, host, handle):
        self._host = host
        self._handle = handle

    def _update(self, action, value):
        return self._host.call("metric_update", series=self._handle, action=action, value=_real(value))

    def increment(self, delta):
        return self._update("increment", delta)

    def set(self, value):
        return self._update("set", value)

    def observe(self, value):
        return self._update("observe", value)

    def value(self):
        return self._host.call("metric_value", series=self._handle)


def _handle(result, kind, host):
    """The server's answer to a call that makes a handle: the object, or the refusal (a str) as it is."""
    return result if isinstance(result, str) else kind(host, result)


class Bridge:
    """pb_utils' _bridge: logging, BLS, custom metrics and the model loading API go to the server."""

    def __init__(self, channel, host, calls):
        self._channel = channel
        self._host = host
        self._calls = calls

    def infer(self, model, version, exported, requested, parameters, request_id, timeout, _waits, traced_for):
        # the server knows the request by the id of the message that brought it
        trace = traced_for._id if isinstance(traced_for, Request) else 0
        return self._calls.infer(model, version, exported, requested, parameters, request_id, timeout, trace)

    def log(self, level, message):
        self._channel.send({"op": "log", "id": 0, "level": int(level), "message": _cut(str(message))})

    def metricFamily(self, name, description, kind):
        return _handle(self._host.call("metric_family", name=name, description=description, kind=kind),
                       _Family, self._host)

    def isModelReady(self, model, version):
        return self._host.call("is_model_ready", model=model, version=version) is True

    def loadModel(self, model, config, files):
        return self._calls.load_model(self._host, model, config, files)

    def unloadModel(self, model, unload_dependents):
        return self._host.call("unload_model", model=model, unload_dependents=unload_dependents)


class AutoCompleteBridge:
    """pb_utils' _bridge while auto_complete_config runs: logging only, as there is no engine yet."""

    def __init__(self, channel):
        self._channel = channel

    log = Bridge.log

    def __getattr__(self, name):
        raise _utils.TritonModelException("%s is not available in auto_complete_config on the CPython runtime "
                                          "(no engine there)" % name)


class Request:
    """One request's details, as pb_utils reads them from the host; is_cancelled asks the server
    (once true, it stays true)."""

    def __init__(self, details, message_id, host):
        self._details = details
        self._id = message_id
        self._host = host
        self._cancelled = False

    def id(self):
        return self._details["id"]

    def parametersJson(self):
        return self._details["parameters"]

    def correlationId(self):
        return self._details["correlation_id"]

    def correlationIdIsString(self):
        return self._details["correlation_id_is_string"]

    def timeoutMicros(self):
        return self._details["timeout"]

    def flags(self):
        return self._details["flags"]

    def isCancelled(self):
        if not self._cancelled:
            self._cancelled = self._host.call("is_cancelled", request=self._id) is True
        return self._cancelled


def _load(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(_HERE, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _error(message_id, code, text):
    return {"op": "error", "id": message_id, "code": code, "message": _cut(text)}


def _execute(runtime, model, region, responses, host, message, model_name):
    try:
        inputs, outputs_start = region.inputs(_utils, message["inputs"])
        sender = responses.sender(message["id"]) if responses is not None else None
        exported = runtime.execute(model, _utils, inputs, message["requested"], sender, model_name,
                                   Request(message["request"], message["id"], host))
        if exported is None:  # a decoupled model: its responses went through the sender
            return {"op": "result", "id": message["id"], "outputs": [], "parameters": {}}
        outputs, parameters = exported
        return {"op": "result", "id": message["id"], "outputs": region.outputs(outputs, outputs_start),
                "parameters": json.loads(parameters)}
    except _utils.TritonError as e:
        return _error(message["id"], e.code(), e.message())
    except Exception:
        return _error(message["id"], _utils.TritonError.INTERNAL, traceback.format_exc())


def _answer_is_ready(channel, runtime, model):
    """The server's question whether the model is ready, answered on a thread of its own: the
    model's is_ready() may run while execute does, and may call the server itself."""

    def answer(message):
        def ask():
            try:
                ready = runtime.is_ready(model)
            except Exception:
                traceback.print_exc()
                ready = False
            channel.send({"op": "ready_state", "id": message["id"], "ready": ready})

        threading.Thread(target=ask, name="infergate-stub-is-ready", daemon=True).start()

    return answer


def _auto_complete(runtime, utils_code, channel, init):
    """Runs the model class's auto_complete_config on the configuration the init message holds."""
    global _utils
    try:
        _utils = runtime.install_utils(utils_code, AutoCompleteBridge(channel))
        model_class = runtime.load_model(init["model_file"], init["version_dir"], init["missing_module_hint"])
        completed = runtime.auto_complete(model_class, _utils, init["config"])
    except BaseException:
        channel.send(_error(0, 1, traceback.format_exc()))
        return 1
    channel.send({"op": "completed", "id": 0, "config": completed})
    return 0


_utils = None


def main(socket_path):
    global _utils
    # The model's sys.path starts with its version folder, not with this stub's.
    del sys.path[0]
    runtime = _load("infergate_runtime")
    with open(os.path.join(_HERE, "triton_python_backend_utils.py"), encoding="utf-8") as f:
        utils_code = f.read()
    channel = Channel(socket_path)
    requests = Channel(socket_path)

    def answer(message):
        message["control_frames"] = channel.frames_sent()
        requests.send(message)

    init = channel.receive()
    if init["op"] == "auto_complete":
        return _auto_complete(runtime, utils_code, channel, init)
    region = Region(init["region"])
    responses = Responses(channel, Region(init["responses_region"])) if "responses_region" in init else None
    calls = Calls(channel, Region(init["bls_region"]))
    host = Host(channel)
    model = None
    handlers = {"infer_read": calls.inputs_read, "bls_reply": calls.reply, "bls_end": calls.end,
                "call_reply": host.reply, "is_ready": lambda message: _answer_is_ready(channel, runtime, model)(message)}
    if responses is not None:
        handlers["ack"] = responses.acknowledged

    def server_gone():
        calls.server_gone()
        host.server_gone()
        if responses is not None:
            responses.acknowledged()  # no acknowledgement will come for a waiting sender

    channel.start_reading(handlers, server_gone)
    try:
        _utils = runtime.install_utils(utils_code, Bridge(channel, host, calls))
        model = runtime.load_model(init["model_file"], init["version_dir"], init["missing_module_hint"])()
        runtime.initialize(model, init["args"])
    except BaseException:
        answer(_error(0, 1, traceback.format_exc()))
        return 1
    answer({"op": "ready", "id": 0, "has_is_ready": hasattr(model, "is_ready")})
    while True:
        message = requests.receive()
        if message is None:
            return 0
        if message["op"] == "finalize":
            try:
                runtime.finalize(model)
            except Exception:
                traceback.print_exc()
            answer({"op": "done", "id": message["id"]})
            return 0
        answer(_execute(runtime, model, region, responses, host, message, init["model_name"]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

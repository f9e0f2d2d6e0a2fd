"""Infergate's triton_python_backend_utils: Triton's python_backend API for models running
in-process on GraalPy. Tensors hold their raw little-endian bytes; numpy is imported on first use
(as_numpy, Tensor(name, ndarray)), so models that never touch it do not pay for its import."""

import json
import struct

try:
    import polyglot
except ImportError:  # CPython: the stub of io.infergate.python.cpython moves tensor bytes through shared memory
    polyglot = None

# Set by the bridge when it installs this module in a model's context.
_bridge = None

TRITONSERVER_RESPONSE_COMPLETE_FINAL = 1
TRITONSERVER_REQUEST_FLAG_SEQUENCE_START = 1
TRITONSERVER_REQUEST_FLAG_SEQUENCE_END = 2
TRITONSERVER_REQUEST_RELEASE_ALL = 1
TRITONSERVER_REQUEST_RELEASE_RESCHEDULE = 2

# datatype -> (struct format, element size); BYTES has no fixed size, BF16 no struct format.
_FORMATS = {
    "BOOL": ("?", 1), "UINT8": ("B", 1), "UINT16": ("H", 2), "UINT32": ("I", 4), "UINT64": ("Q", 8),
    "INT8": ("b", 1), "INT16": ("h", 2), "INT32": ("i", 4), "INT64": ("q", 8),
    "FP16": ("e", 2), "FP32": ("f", 4), "FP64": ("d", 8), "BF16": (None, 2), "BYTES": (None, 0),
}

_NO_NUMPY = ("numpy is not importable in this model's context: build the default Python environment "
             "with scripts/python-env, or name a GraalPy virtual environment with numpy in the model "
             "parameter EXECUTION_ENV_PATH; without numpy use Tensor.as_list(), Tensor.as_bytes(), "
             "Tensor.as_memoryview(), Tensor.from_list(name, values, datatype, shape) or "
             "Tensor.from_bytes(name, data, datatype, shape)")

# Set on first use by _numpy().
_np = None


def _numpy():
    """numpy, imported on first use."""
    global _np
    if _np is None:
        try:
            import numpy
        except ImportError as e:
            raise TritonModelException(_NO_NUMPY + " (" + str(e) + ")") from e
        _np = numpy
    return _np


class TritonError(Exception):
    UNKNOWN = 0
    INTERNAL = 1
    NOT_FOUND = 2
    INVALID_ARG = 3
    UNAVAILABLE = 4
    UNSUPPORTED = 5
    ALREADY_EXISTS = 6
    CANCELLED = 7

    def __init__(self, message, code=INTERNAL):
        super().__init__(message)
        self._message = message
        self._code = code

    def message(self):
        return self._message

    def code(self):
        return self._code


class TritonModelException(Exception):
    def message(self):
        return str(self)


def _element_count(shape):
    count = 1
    for d in shape:
        count *= d
    return count


def _split_bytes(raw, name="?"):
    """Triton's BYTES serialization: 4-byte little-endian length, then the element."""
    out = []
    view = memoryview(raw)
    end = len(view)
    pos = 0
    while pos < end:
        if pos + 4 > end:
            raise TritonModelException("BYTES tensor '%s': element %d has a truncated length prefix" % (name, len(out)))
        (length,) = struct.unpack_from("<I", view, pos)
        pos += 4
        if pos + length > end:
            raise TritonModelException("BYTES tensor '%s': element %d claims %d bytes but only %d remain"
                                       % (name, len(out), length, end - pos))
        out.append(bytes(view[pos:pos + length]))
        pos += length
    return out


def _join_bytes(elements):
    parts = []
    for e in elements:
        if isinstance(e, str):
            e = e.encode("utf-8")
        elif not isinstance(e, (bytes, bytearray)):
            e = str(e).encode("utf-8")
        parts.append(struct.pack("<I", len(e)))
        parts.append(bytes(e))
    return b"".join(parts)


def _nest(flat, shape):
    if len(shape) == 0:
        return flat[0]
    if len(shape) == 1:
        return list(flat)
    step = _element_count(shape[1:])
    return [_nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def _flatten(values, shape_out, depth=0):
    """Flattens nested lists, recording each level's length in shape_out."""
    if isinstance(values, (list, tuple)):
        if len(shape_out) <= depth:
            shape_out.append(len(values))
        flat = []
        for v in values:
            flat.extend(_flatten(v, shape_out, depth + 1))
        return flat
    return [values]


def _bf16_pack(floats):
    # bfloat16 is the upper half of an IEEE float32.
    words = struct.unpack("<%dI" % len(floats), struct.pack("<%df" % len(floats), *floats))
    return struct.pack("<%dH" % len(words), *[w >> 16 for w in words])


def _bf16_unpack(raw):
    halves = struct.unpack("<%dH" % (len(raw) // 2), raw)
    return list(struct.unpack("<%df" % len(halves), struct.pack("<%dI" % len(halves), *[h << 16 for h in halves])))


class Tensor:
    """A named tensor. Tensor(name, ndarray) needs numpy; from_list and from_bytes do not."""

    def __init__(self, name, data, *_):
        np = _numpy()
        if not isinstance(data, np.ndarray):
            raise TritonModelException("Tensor('%s', data) takes a numpy array; got %s (use Tensor.from_list "
                                       "for Python values)" % (name, type(data).__name__))
        dtype = data.dtype
        datatype = _numpy_to_triton(dtype)
        if datatype == "BYTES":
            raw = _join_bytes(data.reshape(-1).tolist())
        else:
            # One bulk copy of contiguous little-endian data, whatever the array's strides and byte order.
            if dtype.byteorder == ">":
                data = data.astype(dtype.newbyteorder("<"))
            elif not data.flags.c_contiguous:
                data = np.ascontiguousarray(data)
            raw = _native_to_bytes(data)
        self._init(name, datatype, tuple(int(d) for d in data.shape), raw)

    def _init(self, name, datatype, shape, raw):
        self._name = name
        self._datatype = datatype
        self._shape = shape
        self._raw = raw

    @classmethod
    def _of(cls, name, datatype, shape, raw):
        tensor = cls.__new__(cls)
        tensor._init(name, datatype, tuple(shape), raw)
        return tensor

    @classmethod
    def from_bytes(cls, name, data, datatype, shape):
        """Infergate addition: a tensor from raw little-endian bytes (BYTES: length-prefixed)."""
        datatype = _check_datatype(datatype)
        shape = tuple(int(d) for d in shape)
        size = _FORMATS[datatype][1]
        raw = data if type(data) is bytes else bytes(data)
        if datatype != "BYTES" and len(raw) != size * _element_count(shape):
            raise TritonModelException("tensor '%s': %d bytes do not hold shape %s of %s"
                                       % (name, len(raw), list(shape), datatype))
        return cls._of(name, datatype, shape, raw)

    @classmethod
    def from_list(cls, name, values, datatype, shape=None):
        """Infergate addition: a tensor from (nested) Python values; shape defaults to the nesting."""
        datatype = _check_datatype(datatype)
        nested_shape = []
        flat = _flatten(values, nested_shape)
        if not isinstance(values, (list, tuple)):
            nested_shape = []
        shape = tuple(int(d) for d in (nested_shape if shape is None else shape))
        if _element_count(shape) != len(flat):
            raise TritonModelException("tensor '%s': %d values do not fill shape %s"
                                       % (name, len(flat), list(shape)))
        fmt = _FORMATS[datatype][0]
        if datatype == "BYTES":
            raw = _join_bytes(flat)
        elif datatype == "BF16":
            raw = _bf16_pack(flat)
        else:
            raw = struct.pack("<%d%s" % (len(flat), fmt), *flat)
        return cls._of(name, datatype, shape, raw)

    def name(self):
        return self._name

    def datatype(self):
        return self._datatype

    def shape(self):
        return list(self._shape)

    def is_cpu(self):
        return True

    def as_bytes(self):
        """Infergate addition: the raw little-endian bytes."""
        return self._raw

    def as_list(self):
        """Infergate addition: values nested per shape; BYTES elements as bytes."""
        if self._datatype == "BYTES":
            flat = _split_bytes(self._raw)
        elif self._datatype == "BF16":
            flat = _bf16_unpack(self._raw)
        else:
            fmt, size = _FORMATS[self._datatype]
            flat = list(struct.unpack("<%d%s" % (len(self._raw) // size, fmt), self._raw))
        return _nest(flat, self._shape)

    def as_memoryview(self):
        """Infergate addition: a read-only typed view shaped like the tensor (no copy)."""
        fmt = _FORMATS[self._datatype][0]
        if fmt is None:
            raise TritonModelException("as_memoryview() does not support %s tensors; use as_list() or as_bytes()"
                                       % self._datatype)
        view = memoryview(self._raw).cast("B")
        if len(self._shape) == 0 or 0 in self._shape:
            return view.cast(fmt)
        return view.cast(fmt, self._shape)

    def as_numpy(self):
        """An ndarray of the tensor's dtype and shape, made from its bytes in one bulk copy; BYTES
        tensors give an np.object_ array of bytes, as in Triton."""
        np = _numpy()
        if self._datatype == "BYTES":
            elements = _split_bytes(self._raw, self._name)
            if len(elements) != _element_count(self._shape):
                raise TritonModelException("BYTES tensor '%s' holds %d elements, not the %d of shape %s"
                                           % (self._name, len(elements), _element_count(self._shape),
                                              list(self._shape)))
            return _object_array(np, elements).reshape(self._shape)
        if self._datatype == "BF16":
            raise TritonModelException("numpy has no bfloat16: read BF16 tensor '%s' with as_list() or as_bytes()"
                                       % self._name)
        return _bytes_to_native(np, self._raw, _dtype(self._datatype), self._shape)

    def to_dlpack(self):
        """A DLPack capsule of the tensor's data (CPU), for np.from_dlpack, torch.from_dlpack..."""
        # A writable copy: DLPack cannot mark the read-only view as_numpy() gives as read-only.
        return self.as_numpy().copy().__dlpack__()

    @classmethod
    def from_dlpack(cls, name, dlpack):
        """A tensor from a DLPack capsule or from any object with __dlpack__ (CPU memory only)."""
        np = _numpy()
        source = dlpack if hasattr(dlpack, "__dlpack__") else _Capsule(dlpack)
        try:
            array = np.from_dlpack(source)
        except (TypeError, ValueError, BufferError, RuntimeError) as e:
            raise TritonModelException("Tensor.from_dlpack('%s'): %s" % (name, e)) from e
        return cls(name, array)

    def __repr__(self):
        return "Tensor(%r, %s, %s)" % (self._name, self._datatype, list(self._shape))


def _check_datatype(datatype):
    datatype = datatype[5:] if datatype.startswith("TYPE_") else datatype
    if datatype == "STRING":
        datatype = "BYTES"
    if datatype not in _FORMATS:
        raise TritonModelException("unknown datatype '%s'" % datatype)
    return datatype


def _native_to_bytes(array):
    """A contiguous array's bytes: copied by the host in one memcpy where it can (GraalPy's own
    native-to-bytes copy is element by element), else by numpy."""
    size = array.nbytes
    if polyglot is None or _bridge is None or size == 0:
        return array.tobytes()
    raw = bytes(size)
    if _bridge.copyFromNative(array.__array_interface__["data"][0], polyglot.storage(raw), size):
        return raw
    return array.tobytes()


def _bytes_to_native(np, raw, dtype, shape):
    """A fresh, writable ndarray of this dtype and shape holding raw, copied by the host in one
    memcpy; where the host cannot (CPython), a read-only view of raw."""
    if polyglot is None or _bridge is None or len(raw) == 0:
        return np.frombuffer(raw, dtype=dtype).reshape(shape)
    array = np.empty(shape, dtype=dtype)
    if not _bridge.copyToNative(polyglot.storage(raw), array.__array_interface__["data"][0], len(raw)):
        return np.frombuffer(raw, dtype=dtype).reshape(shape)
    return array


class _Capsule:
    """A bare DLPack capsule in the shape np.from_dlpack asks for: an object with __dlpack__."""

    def __init__(self, capsule):
        self._capsule = capsule

    def __dlpack__(self, **_):
        return self._capsule

    def __dlpack_device__(self):
        return (1, 0)  # kDLCPU, device 0: the only memory this server's Python models see


_NUMPY_NAMES = {"bool": "BOOL", "uint8": "UINT8", "uint16": "UINT16", "uint32": "UINT32", "uint64": "UINT64",
                "int8": "INT8", "int16": "INT16", "int32": "INT32", "int64": "INT64", "float16": "FP16",
                "float32": "FP32", "float64": "FP64"}


# numpy's type numbers (dtype.num, an int: cheaper to read through GraalPy's C API than dtype.name)
# on 64-bit Linux, where both NPY_LONG (7, 8) and NPY_LONGLONG (9, 10) are 64 bits.
_DATATYPE_OF_NUM = {0: "BOOL", 1: "INT8", 2: "UINT8", 3: "INT16", 4: "UINT16", 5: "INT32", 6: "UINT32", 7: "INT64",
                    8: "UINT64", 9: "INT64", 10: "UINT64", 11: "FP32", 12: "FP64", 23: "FP16", 17: "BYTES",
                    18: "BYTES", 19: "BYTES"}


def _numpy_to_triton(dtype):
    datatype = _DATATYPE_OF_NUM.get(dtype.num)
    if datatype is not None:
        return datatype
    if dtype.name not in _NUMPY_NAMES:
        raise TritonModelException("numpy dtype %s has no Triton datatype (supported: %s, and object, bytes_ or "
                                   "str_ arrays for BYTES)" % (dtype, ", ".join(sorted(_NUMPY_NAMES))))
    return _NUMPY_NAMES[dtype.name]


# Triton's numeric codes of the config data types (TYPE_BOOL = 1 ... TYPE_STRING = 13), in order.
_TYPE_NAMES = ("BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32",
               "FP64", "STRING")


# Built on first use, once numpy is imported: TYPE_* name -> numpy type, and datatype -> little-endian dtype.
_numpy_types = None
_little_endian = {}


def _string_to_numpy():
    global _numpy_types
    if _numpy_types is None:
        np = _numpy()
        types = {"TYPE_" + datatype: np.dtype(name).type for name, datatype in _NUMPY_NAMES.items()}
        types["TYPE_STRING"] = np.object_
        _numpy_types = types
    return _numpy_types


def _dtype(datatype):
    """The little-endian numpy dtype of a numeric tensor datatype."""
    dtype = _little_endian.get(datatype)
    if dtype is None:
        dtype = _little_endian[datatype] = _numpy().dtype(triton_string_to_numpy("TYPE_" + datatype)).newbyteorder("<")
    return dtype


def __getattr__(name):
    # Triton's module-level TRITON_STRING_TO_NUMPY, built when first read: numpy stays unimported until then.
    if name == "TRITON_STRING_TO_NUMPY":
        return dict(_string_to_numpy())
    raise AttributeError("module 'triton_python_backend_utils' has no attribute '%s'" % name)


def triton_string_to_numpy(triton_type_string):
    """numpy type of a config TYPE_* name."""
    types = _string_to_numpy()
    if triton_type_string == "TYPE_BYTES":
        triton_type_string = "TYPE_STRING"
    if triton_type_string not in types:
        raise TritonModelException("unknown datatype '%s'" % (triton_type_string,))
    return types[triton_type_string]


def triton_to_numpy_type(data_type):
    """numpy type of a config data type's numeric code (1 for TYPE_BOOL ... 13 for TYPE_STRING), None if unknown."""
    if not isinstance(data_type, int) or not 1 <= data_type <= len(_TYPE_NAMES):
        return None
    return triton_string_to_numpy("TYPE_" + _TYPE_NAMES[data_type - 1])


def numpy_to_triton_type(data_type):
    """The numeric code (1 for TYPE_BOOL ... 13 for TYPE_STRING) of a numpy type, None if it has none."""
    np = _numpy()
    try:
        dtype = np.dtype(data_type)
    except TypeError:
        return None
    if dtype.kind in ("O", "S"):
        return _TYPE_NAMES.index("STRING") + 1
    name = _NUMPY_NAMES.get(dtype.name)
    return _TYPE_NAMES.index(name) + 1 if name in _TYPE_NAMES else None


def using_decoupled_model_transaction_policy(model_config):
    """Whether the model configuration (a dict) makes the model decoupled."""
    return bool(model_config.get("model_transaction_policy", {}).get("decoupled", False))


def serialize_byte_tensor(input_tensor):
    """Triton's BYTES serialization of an np.object_ or np.bytes_ array: the length-prefixed
    elements in C order, as one bytes object (() for an empty array, as Triton's)."""
    np = _numpy()
    if input_tensor.size == 0:
        return ()
    if input_tensor.dtype != np.object_ and input_tensor.dtype.type != np.bytes_:
        raise TritonModelException("cannot serialize bytes tensor: invalid datatype " + str(input_tensor.dtype))
    return _join_bytes(input_tensor.reshape(-1, order="C").tolist())


def deserialize_bytes_tensor(encoded_tensor):
    """The elements of Triton's BYTES serialization, as a 1-d np.object_ array of bytes. Takes
    bytes, or the 0-d np.object_ array that tritonclient's serialize_byte_tensor returns."""
    np = _numpy()
    if isinstance(encoded_tensor, np.ndarray) and encoded_tensor.dtype == np.object_ and encoded_tensor.ndim == 0:
        encoded_tensor = encoded_tensor.item()
    return _object_array(np, _split_bytes(encoded_tensor))


def _object_array(np, elements):
    # Filled after creation: np.array(list of bytes) would make an np.bytes_ array, not objects.
    array = np.empty(len(elements), dtype=np.object_)
    array[:] = elements
    return array


def triton_string_to_datatype(triton_type_string):
    """Infergate addition: the tensor datatype (FP32, BYTES...) of a config TYPE_* name."""
    return _check_datatype(triton_type_string)


def get_input_tensor_by_name(request, name):
    for tensor in request.inputs():
        if tensor.name() == name:
            return tensor
    return None


def get_output_tensor_by_name(response, name):
    for tensor in response.output_tensors():
        if tensor.name() == name:
            return tensor
    return None


def get_input_config_by_name(model_config, name):
    for entry in model_config.get("input", []):
        if entry["name"] == name:
            return entry
    return None


def get_output_config_by_name(model_config, name):
    for entry in model_config.get("output", []):
        if entry["name"] == name:
            return entry
    return None


class ModelConfig:
    """What auto_complete_config(auto_complete_model_config) gets and returns: the configuration as
    Triton prints it (a dict), with Triton's setters. A setter raises ValueError when the
    configuration already says something else."""

    _TENSOR_KEYS = {"input": ("name", "data_type", "dims", "optional"), "output": ("name", "data_type", "dims")}

    def __init__(self, model_config):
        self._model_config = json.loads(model_config) if isinstance(model_config, str) else model_config

    def as_dict(self):
        return self._model_config

    def set_max_batch_size(self, max_batch_size):
        if not isinstance(max_batch_size, int) or isinstance(max_batch_size, bool) or max_batch_size < 0:
            raise ValueError("set_max_batch_size: expected a non-negative int, got %r" % (max_batch_size,))
        current = self._model_config.get("max_batch_size", 0)
        if current not in (0, max_batch_size):
            raise ValueError("set_max_batch_size: the configuration has max_batch_size %d, which conflicts with %d"
                             % (current, max_batch_size))
        if max_batch_size == 0 and "dynamic_batching" in self._model_config:
            raise ValueError("set_max_batch_size: dynamic batching needs max_batch_size >= 1")
        self._model_config["max_batch_size"] = max_batch_size

    def set_dynamic_batching(self):
        if "sequence_batching" in self._model_config:
            raise ValueError("set_dynamic_batching: the configuration uses sequence batching")
        self._model_config.setdefault("dynamic_batching", {})

    def set_model_transaction_policy(self, transaction_policy_dict):
        if set(transaction_policy_dict) - {"decoupled"}:
            raise ValueError("set_model_transaction_policy: only 'decoupled' can be set, got %s"
                             % sorted(transaction_policy_dict))
        policy = self._model_config.setdefault("model_transaction_policy", {})
        decoupled = bool(transaction_policy_dict.get("decoupled", False))
        if "decoupled" in policy and policy["decoupled"] != decoupled:
            raise ValueError("set_model_transaction_policy: the configuration has decoupled %s" % policy["decoupled"])
        policy["decoupled"] = decoupled

    def add_input(self, input):
        self._add_tensor("input", input)

    def add_output(self, output):
        self._add_tensor("output", output)

    def _add_tensor(self, kind, tensor):
        allowed = ModelConfig._TENSOR_KEYS[kind]
        if not isinstance(tensor, dict):
            raise ValueError("add_%s: expected a dict, got %s" % (kind, type(tensor).__name__))
        unknown = set(tensor) - set(allowed)
        if unknown:
            raise ValueError("add_%s: unexpected keys %s; allowed: %s" % (kind, sorted(unknown), list(allowed)))
        missing = [key for key in ("name", "data_type", "dims") if key not in tensor]
        if missing:
            raise ValueError("add_%s: '%s' is missing %s" % (kind, tensor.get("name", "?"), missing))
        wanted = dict(tensor)
        if not wanted["data_type"].startswith("TYPE_"):
            wanted["data_type"] = "TYPE_" + wanted["data_type"]
        wanted["dims"] = [int(d) for d in wanted["dims"]]
        entries = self._model_config.setdefault(kind, [])
        existing = next((e for e in entries if e.get("name") == wanted["name"]), None)
        if existing is None:
            entries.append(wanted)
            return
        if existing.get("data_type", "TYPE_INVALID") not in ("TYPE_INVALID", wanted["data_type"]):
            raise ValueError("add_%s: '%s' has data_type %s in the configuration, not %s"
                             % (kind, wanted["name"], existing["data_type"], wanted["data_type"]))
        if existing.get("dims") and [int(d) for d in existing["dims"]] != wanted["dims"]:
            raise ValueError("add_%s: '%s' has dims %s in the configuration, not %s"
                             % (kind, wanted["name"], existing["dims"], wanted["dims"]))
        existing.update(wanted)


class Logger:
    INFO = 0
    WARNING = 1
    ERROR = 2
    VERBOSE = 3

    @staticmethod
    def log(message, level=0):
        _bridge.log(level, str(message))

    @staticmethod
    def log_info(message):
        Logger.log(message, Logger.INFO)

    @staticmethod
    def log_warn(message):
        Logger.log(message, Logger.WARNING)

    @staticmethod
    def log_error(message):
        Logger.log(message, Logger.ERROR)

    @staticmethod
    def log_verbose(message):
        Logger.log(message, Logger.VERBOSE)


def _host_call(what, call, *args):
    """Calls the host, which answers what it refuses with a message (a str): raised as TritonModelException."""
    result = call(*args)
    if isinstance(result, str):
        raise TritonModelException("%s: %s" % (what, result))
    return result


class MetricFamily:
    """Triton's custom metrics: a named family of counters, gauges or histograms, listed on the
    metrics endpoint until the model is unloaded."""

    COUNTER = 0
    GAUGE = 1
    HISTOGRAM = 2

    def __init__(self, name, description, kind):
        if not isinstance(name, str) or not isinstance(description, str):
            raise TritonModelException("MetricFamily(name, description, kind): name and description must be str")
        if kind not in (MetricFamily.COUNTER, MetricFamily.GAUGE, MetricFamily.HISTOGRAM) or isinstance(kind, bool):
            raise TritonModelException("MetricFamily '%s': kind must be MetricFamily.COUNTER, GAUGE or HISTOGRAM, "
                                       "got %r" % (name, kind))
        self._name = name
        self._kind = kind
        self._host = _host_call("MetricFamily '%s'" % name, _bridge.metricFamily, name, description, kind)

    def Metric(self, labels=None, buckets=None):
        return Metric(self, labels, buckets)


class Metric:
    """One labelled series of a MetricFamily."""

    def __init__(self, family, labels=None, buckets=None):
        if not isinstance(family, MetricFamily):
            raise TritonModelException("Metric(family, ...) takes a pb_utils.MetricFamily, got "
                                       + type(family).__name__)
        labels = {} if labels is None else labels
        if not isinstance(labels, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                   for k, v in labels.items()):
            raise TritonModelException("metric family '%s': labels must be a dict of str to str, got %r"
                                       % (family._name, labels))
        if family._kind == MetricFamily.HISTOGRAM and buckets is None:
            raise TritonModelException("metric family '%s': a histogram metric needs buckets" % family._name)
        buckets = [] if buckets is None else buckets
        if not isinstance(buckets, (list, tuple)) or not all(
                isinstance(b, (int, float)) and not isinstance(b, bool) for b in buckets):
            raise TritonModelException("metric family '%s': buckets must be a list of numbers, got %r"
                                       % (family._name, buckets))
        self._name = family._name
        self._host = _host_call("metric family '%s'" % family._name, family._host.metric,
                                [[k, v] for k, v in labels.items()], [float(b) for b in buckets])

    def increment(self, value):
        _host_call("metric '%s'" % self._name, self._host.increment, _number(value))

    def set(self, value):
        _host_call("metric '%s'" % self._name, self._host.set, _number(value))

    def observe(self, value):
        _host_call("metric '%s'" % self._name, self._host.observe, _number(value))

    def value(self):
        return _host_call("metric '%s'" % self._name, self._host.value)


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TritonModelException("metric values are numbers, got %r" % (value,))
    return float(value)


def _check_parameters(parameters):
    """Response parameters as Triton takes them: a dict of str keys to bool, int or str values."""
    if parameters is None:
        return {}
    if not isinstance(parameters, dict):
        raise TritonModelException("response parameters must be a dict, got " + type(parameters).__name__)
    for key, value in parameters.items():
        if not isinstance(key, str):
            raise TritonModelException("response parameter names must be str, got %r" % (key,))
        if not isinstance(value, (bool, int, str)):
            raise TritonModelException("response parameter '%s' must be a bool, int or str, got %s"
                                       % (key, type(value).__name__))
        if isinstance(value, int) and not -2 ** 63 <= value < 2 ** 64:
            raise TritonModelException("response parameter '%s': %d does not fit 64 bits" % (key, value))
    return dict(parameters)


class InferenceResponse:
    def __init__(self, output_tensors=None, error=None, parameters=None):
        self._outputs = list(output_tensors or [])
        self._error = error
        self._parameters = _check_parameters(parameters)

    def output_tensors(self):
        return self._outputs

    def has_error(self):
        return self._error is not None

    def error(self):
        return self._error

    def parameters(self):
        return json.dumps(self._parameters)


class InferenceResponseSender:
    """Sends the responses of one request of a decoupled model, from any thread."""

    def __init__(self, host, request):
        self._host = host
        self._request = request
        self._final = False

    def send(self, response=None, flags=0):
        if self._final:
            raise TritonModelException("a response was sent after TRITONSERVER_RESPONSE_COMPLETE_FINAL")
        last = bool(flags & TRITONSERVER_RESPONSE_COMPLETE_FINAL)
        if response is not None and response.has_error():
            self._final = True
            self._host.fail(response.error().code(), response.error().message())
            return
        self._final = last
        if response is None:
            if last:
                self._host.finish()
            return
        self._host.send(_export_tensors(response.output_tensors()), response.parameters(), last)

    def is_cancelled(self):
        return self._request.is_cancelled()


class InferenceTrace:
    """Triton's request.trace(): given as InferenceRequest(..., trace=request.trace()), the BLS
    request is traced as a child of that request, when that request is traced."""

    def __init__(self, host=None):
        self._host = host  # the engine's view of the traced request; None: nothing to trace under


class InferenceRequest:
    """An incoming request (built by the bridge) or a BLS request to another model."""

    def __init__(self, model_name, inputs, requested_output_names, model_version=-1, correlation_id=0,
                 request_id="", flags=0, timeout=0, parameters=None, trace=None, **_):
        self._model_name = model_name
        self._inputs = list(inputs)
        self._requested = list(requested_output_names)
        self._model_version = model_version
        self._correlation_id = correlation_id
        self._request_id = request_id
        self._flags = flags
        self._timeout = timeout
        self._parameters = parameters or {}
        self._trace = trace
        self._sender = None
        self._host = None  # the engine's view of an incoming request (cancellation)
        self._release_flags = TRITONSERVER_REQUEST_RELEASE_ALL

    def inputs(self):
        return self._inputs

    def requested_output_names(self):
        return self._requested

    def model_name(self):
        return self._model_name

    def request_id(self):
        return self._request_id

    def correlation_id(self):
        return self._correlation_id

    def flags(self):
        return self._flags

    def timeout(self):
        return self._timeout

    def parameters(self):
        return self._parameters if isinstance(self._parameters, str) else json.dumps(self._parameters)

    def trace(self):
        """This request's trace, for the BLS requests made for it (trace=request.trace())."""
        if self._trace is not None:
            return self._trace
        return InferenceTrace(self._host)

    def is_cancelled(self):
        """True once the client withdrew the request or its timeout expired (always False for BLS requests)."""
        return self._host is not None and self._host.isCancelled()

    def set_release_flags(self, flags):
        """TRITONSERVER_REQUEST_RELEASE_RESCHEDULE: run this request again in a later execute call
        (decoupled models; set it before execute returns)."""
        if flags not in (TRITONSERVER_REQUEST_RELEASE_ALL, TRITONSERVER_REQUEST_RELEASE_RESCHEDULE):
            raise TritonModelException("set_release_flags: expected TRITONSERVER_REQUEST_RELEASE_ALL or "
                                       "TRITONSERVER_REQUEST_RELEASE_RESCHEDULE, got %r" % (flags,))
        self._release_flags = flags

    def get_response_sender(self):
        if self._sender is None:
            raise TritonModelException("get_response_sender() is for decoupled models "
                                       "(model_transaction_policy { decoupled: true })")
        return self._sender

    def _start(self, waits):
        params = json.loads(self._parameters) if isinstance(self._parameters, str) else dict(self._parameters)
        # Triton's request fields that travel as parameters here (the KServe protocol's names).
        if self._correlation_id not in (0, "", None):
            params["sequence_id"] = self._correlation_id
        if self._flags & TRITONSERVER_REQUEST_FLAG_SEQUENCE_START:
            params["sequence_start"] = True
        if self._flags & TRITONSERVER_REQUEST_FLAG_SEQUENCE_END:
            params["sequence_end"] = True
        params = json.dumps(params)
        version = "" if self._model_version in (-1, None, "") else str(self._model_version)
        traced_for = self._trace._host if isinstance(self._trace, InferenceTrace) else None
        return _bridge.infer(self._model_name, version, _export_tensors(self._inputs), list(self._requested),
                             params, self._request_id, int(self._timeout), waits, traced_for)

    def exec(self, decoupled=False):
        if decoupled:
            return _StreamedResponses(self._start(False))
        # This thread waits for the answer at once, so the engine may compute it right here.
        return _response_of(self._start(True).next())

    def async_exec(self, decoupled=False):
        # The request is sent now; awaiting only waits for its answer, so gathered calls overlap.
        return _Answer(self._start(False), decoupled)


class _Answer:
    """What async_exec returns: awaiting it waits (blocking) for a request already sent."""

    def __init__(self, call, decoupled):
        self._call = call
        self._decoupled = decoupled

    def __await__(self):
        if self._decoupled:
            return _StreamedResponses(self._call)
        return _response_of(self._call.next())
        yield  # makes this a generator, as __await__ must be


class _StreamedResponses:
    """The responses of a decoupled BLS call, as they come."""

    def __init__(self, call):
        self._call = call
        self._cancelled = False

    def __iter__(self):
        return self

    def __next__(self):
        reply = None if self._cancelled else self._call.next()
        if reply is None:
            raise StopIteration
        return _response_of(reply)

    def cancel(self):
        """Withdraws the request: the callee's request.is_cancelled() turns true, and the
        iteration ends."""
        self._cancelled = True
        self._call.cancel()


def _response_of(reply):
    if reply.errorMessage() is not None:
        return InferenceResponse(error=TritonError(reply.errorMessage(), reply.errorCode()))
    response = InferenceResponse(output_tensors=[_import_tensor(t) for t in reply.tensors()])
    response._parameters = json.loads(reply.parametersJson())
    return response


def _import_tensor(host):
    if isinstance(host, Tensor):  # the CPython stub's inputs: already Tensors over shared memory
        return host
    # Two calls to the host, since each crossing costs more than the Python that parses its
    # answer: the header "<len(name)>:<name><datatype> <byte size> <dims...>", then one bulk copy
    # into the Java array behind a bytes object made for it, before anything else can see the
    # object (so it is immutable from then on, like any bytes).
    header = host.header()
    colon = header.index(":")
    end = colon + 1 + int(header[:colon])
    fields = header[end:].split(" ")
    raw = bytes(int(fields[1]))
    if raw:
        host.copyTo(polyglot.storage(raw))
    return Tensor._of(header[colon + 1:end], fields[0], [int(d) for d in fields[2:]], raw)


def _export_tensors(tensors):
    out = []
    for t in tensors:
        if not isinstance(t, Tensor):
            raise TritonModelException("expected pb_utils.Tensor, got " + type(t).__name__)
        # The host reads the Java array behind the bytes without copying them.
        out.append((t._name, t._datatype, list(t._shape), t._raw, polyglot.storage(t._raw) if polyglot else None))
    return out


def _new_request(host_inputs, requested, sender, model_name, host):
    correlation_id = host.correlationId()
    request = InferenceRequest(model_name, [_import_tensor(t) for t in host_inputs], list(requested),
                               correlation_id=correlation_id if host.correlationIdIsString() else int(correlation_id),
                               request_id=host.id(), flags=host.flags(), timeout=host.timeoutMicros(),
                               parameters=host.parametersJson())
    request._host = host
    if sender is not None:
        request._sender = InferenceResponseSender(sender, request)
    return request


def _run(coroutine_or_value):
    """The result of execute(), running it to completion when it is `async def`."""
    if hasattr(coroutine_or_value, "__await__") and hasattr(coroutine_or_value, "send"):
        import asyncio  # imported on first use: it is large, and most models never need it

        with asyncio.Runner(loop_factory=_socketless_loop(asyncio)) as runner:
            return runner.run(coroutine_or_value)
    return coroutine_or_value


def _socketless_loop(asyncio):
    """An event loop without sockets or select(), which the sandbox does not allow. It only
    runs ready callbacks and timers: BLS answers are awaited by blocking (see _Answer), so
    nothing needs waking from another thread."""
    import time

    class NoSelector:
        def select(self, timeout=None):
            # Nothing to poll; wait for the next timer (briefly when there is none).
            time.sleep(0.001 if timeout is None else timeout)
            return []

        def close(self):
            pass

    class SocketlessLoop(asyncio.BaseEventLoop):
        def __init__(self):
            super().__init__()
            self._selector = NoSelector()

        def _process_events(self, event_list):
            pass

        def _write_to_self(self):
            pass

    return SocketlessLoop


def _release(request):
    """What happens to a request once execute returned: rescheduled (decoupled models), or released."""
    if request._release_flags != TRITONSERVER_REQUEST_RELEASE_RESCHEDULE:
        return
    if request._sender is None:
        raise TritonModelException("request rescheduling (TRITONSERVER_REQUEST_RELEASE_RESCHEDULE) is for "
                                   "decoupled models")
    _host_call("set_release_flags", request._sender._host.reschedule)


def is_model_ready(model_name, model_version=""):
    """Whether the model (version) is loaded and ready."""
    return bool(_bridge.isModelReady(str(model_name), str(model_version)))


def load_model(model_name, config=None, files=None):
    """Loads or reloads a model, waiting until it is ready. config: an override configuration in
    JSON; files: {"file:<version>/<path>": bytes} forming the model folder (needs config)."""
    if config is not None and not isinstance(config, str):
        raise TritonModelException("load_model: config must be a JSON str, got " + type(config).__name__)
    pairs = []
    for path, content in (files or {}).items():
        if not isinstance(path, str) or not path.startswith("file:") or not isinstance(content, (bytes, bytearray)):
            raise TritonModelException("load_model: files maps 'file:<version>/<path>' to bytes, got %r: %s"
                                       % (path, type(content).__name__))
        pairs.append((path[len("file:"):], bytes(content)))
    _host_call("load_model('%s')" % model_name, _bridge.loadModel, str(model_name), config, pairs)


def unload_model(model_name, unload_dependents=False):
    """Unloads a model, waiting until it is done."""
    _host_call("unload_model('%s')" % model_name, _bridge.unloadModel, str(model_name), bool(unload_dependents))


def _export_response(response):
    """The outputs and parameters (JSON) of a non-decoupled response for the bridge; raises when it
    carries an error."""
    if response is None:
        raise TritonModelException("execute() returned None for a model that is not decoupled")
    if not isinstance(response, InferenceResponse):
        raise TritonModelException("execute() must return pb_utils.InferenceResponse objects, got "
                                   + type(response).__name__)
    if response.has_error():
        raise response.error()
    return _export_tensors(response.output_tensors()), response.parameters()

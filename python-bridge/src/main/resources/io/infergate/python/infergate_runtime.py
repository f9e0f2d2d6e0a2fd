# Infergate's glue between the host and a model's TritonPythonModel, run in each model context.
import importlib.util
import json
import sys
import threading
import types

# numpy's memory bound of this context (one model instance): the limit in bytes, 0 for none.
_memory_limit = 0
_bounded = threading.local()


def install_utils(code, bridge):
    """Makes `import triton_python_backend_utils` work, bound to this context's bridge."""
    module = types.ModuleType("triton_python_backend_utils")
    module.__file__ = "<infergate>/triton_python_backend_utils.py"
    exec(compile(code, module.__file__, "exec"), module.__dict__)
    module._bridge = bridge
    sys.modules[module.__name__] = module
    return module


def add_import_paths(paths):
    # In the given order; load_model then puts the model's version folder in front of them.
    sys.path[0:0] = list(paths)


def load_model(model_file, version_dir, missing_module_hint):
    sys.path.insert(0, version_dir)
    spec = importlib.util.spec_from_file_location("model", model_file)
    module = importlib.util.module_from_spec(spec)
    sys.modules["model"] = module
    try:
        spec.loader.exec_module(module)
    except ModuleNotFoundError as e:
        # Say where the package was looked for, and how to get it there.
        raise ModuleNotFoundError("%s; %s" % (e, missing_module_hint), name=e.name) from e
    if not hasattr(module, "TritonPythonModel"):
        raise AttributeError(model_file + " defines no class TritonPythonModel")
    return module.TritonPythonModel


def bound_memory(limit):
    """Bounds what numpy arrays of this context may hold, in bytes, with Infergate's allocator
    (built into the default environment by scripts/python-env). numpy keeps its allocator per
    thread, so each thread gets it on its first call here or when it starts, once numpy is imported.
    Returns False when the environment has no allocator (the bound does not apply)."""
    global _memory_limit
    try:
        if importlib.util.find_spec("_infergate_memory") is None:
            return False
    except (ImportError, ValueError):
        return False
    _memory_limit = limit
    start = threading.Thread._bootstrap_inner

    def bootstrap_bounded(thread):
        _bound_thread()
        start(thread)

    threading.Thread._bootstrap_inner = bootstrap_bounded
    return True


def _bound_thread():
    # numpy is imported by the model (or pb_utils) on first use: until then nothing to bound.
    if _memory_limit and "numpy" in sys.modules and not getattr(_bounded, "done", False):
        import _infergate_memory
        _infergate_memory.install(_memory_limit)
        _bounded.done = True


def initialize(model, args):
    _bound_thread()
    if hasattr(model, "initialize"):
        model.initialize({str(key): str(value) for key, value in args})


def execute(model, utils, host_inputs, requested, sender, model_name, host_request):
    _bound_thread()
    request = utils._new_request(host_inputs, requested, sender, model_name, host_request)
    responses = utils._run(model.execute([request]))
    utils._release(request)
    if sender is not None:
        return None
    if responses is None or len(responses) != 1:
        raise utils.TritonModelException("execute() must return one InferenceResponse per request, got "
                                         + ("None" if responses is None else str(len(responses))))
    return utils._export_response(responses[0])


def is_ready(model):
    """The model's optional is_ready(): True when it has none."""
    return bool(model.is_ready()) if hasattr(model, "is_ready") else True


def finalize(model):
    if hasattr(model, "finalize"):
        model.finalize()


def auto_complete(model_class, utils, config_json):
    """Triton's auto_complete_config: the completed configuration as JSON, or None when the class has none."""
    if not hasattr(model_class, "auto_complete_config"):
        return None
    completed = model_class.auto_complete_config(utils.ModelConfig(config_json))
    if not isinstance(completed, utils.ModelConfig):
        raise TypeError("auto_complete_config must return the pb_utils.ModelConfig it was given, got "
                        + type(completed).__name__)
    return json.dumps(completed.as_dict())

# Infergate's glue between the host and a model's TritonPythonModel, run in each model context.
import importlib.util
import json
import sys
import types


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


def initialize(model, args):
    if hasattr(model, "initialize"):
        model.initialize({str(key): str(value) for key, value in args})


def execute(model, utils, host_inputs, requested, sender, model_name, host_request):
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

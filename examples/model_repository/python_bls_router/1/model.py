import json

import triton_python_backend_utils as pb_utils

# Request parameter "route" -> the ONNX model that computes the answer.
ROUTES = {"add_sub": "simple", "sub_add": "simple_sub_add"}
OUTPUTS = ["OUTPUT0", "OUTPUT1"]


class TritonPythonModel:
    def execute(self, requests):
        responses = []
        for request in requests:
            route = json.loads(request.parameters()).get("route", "add_sub")
            if route not in ROUTES:
                error = pb_utils.TritonError("parameter 'route' must be one of %s, got '%s'" % (sorted(ROUTES), route),
                                             pb_utils.TritonError.INVALID_ARG)
                responses.append(pb_utils.InferenceResponse(error=error))
                continue
            inputs = [pb_utils.get_input_tensor_by_name(request, name) for name in ("INPUT0", "INPUT1")]
            answer = pb_utils.InferenceRequest(model_name=ROUTES[route], inputs=inputs,
                                               requested_output_names=OUTPUTS).exec()
            if answer.has_error():
                responses.append(pb_utils.InferenceResponse(error=answer.error()))
            else:
                responses.append(pb_utils.InferenceResponse(
                    output_tensors=[pb_utils.get_output_tensor_by_name(answer, name) for name in OUTPUTS]))
        return responses

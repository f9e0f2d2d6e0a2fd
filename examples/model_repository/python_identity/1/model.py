import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def execute(self, requests):
        responses = []
        for request in requests:
            tensor = pb_utils.get_input_tensor_by_name(request, "INPUT0")
            out = pb_utils.Tensor.from_bytes("OUTPUT0", tensor.as_bytes(), tensor.datatype(), tensor.shape())
            responses.append(pb_utils.InferenceResponse(output_tensors=[out]))
        return responses
